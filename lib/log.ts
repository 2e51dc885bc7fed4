import pino, { type LoggerOptions } from "pino";
import { redactDeep, scrubString } from "@/lib/observability/redact";
import { requestLogFields } from "@/lib/observability/request-context";

/**
 * The seeds' log schema (002, 003, 004; see README "Logs"): one JSON object a line with
 * `timestamp` (ISO-8601, UTC, milliseconds), `level` (INFO, WARN…), `service`, `message`, and on
 * every line written while a request is served its `request_id`, `trace_id` and `span_id`.
 * Secrets and personal data are redacted at any depth (lib/observability/redact.ts).
 */
export const loggerOptions: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "opsdeck" },
  timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
  messageKey: "message",
  mixin: requestLogFields,
  formatters: {
    level: (label) => ({ level: label.toUpperCase() }),
    log: (object) => redactDeep(object) as Record<string, unknown>,
  },
  hooks: {
    // The message itself is scrubbed too: an error's text may quote a connection string.
    logMethod(args, method) {
      method.apply(this, args.map((arg) => (typeof arg === "string" ? scrubString(arg) : arg)) as Parameters<typeof method>);
    },
  },
};

export const logger = pino(loggerOptions);
