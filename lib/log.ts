import pino from "pino";
import { traceLogFields } from "@/lib/observability/tracing";

/**
 * Structured JSON logs (one line per event) with secrets redacted wherever they appear:
 * authorization headers, cookies, tokens, passwords.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "opsdeck" },
  timestamp: pino.stdTimeFunctions.isoTime,
  messageKey: "message",
  // Every line logged while a request is handled carries its trace_id and span_id (seed 002).
  mixin: traceLogFields,
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: [
      "headers.authorization",
      "headers.cookie",
      "headers[\"x-api-key\"]",
      "*.token",
      "*.password",
      "*.secret",
      "*.clientSecret",
      "token",
      "password",
      "secret",
    ],
    censor: "[redacted]",
  },
});
