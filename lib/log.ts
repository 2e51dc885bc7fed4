import pino from "pino";

/**
 * Structured JSON logs (one line per event) with secrets redacted wherever they appear:
 * authorization headers, cookies, tokens, passwords.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "opsdeck" },
  timestamp: pino.stdTimeFunctions.isoTime,
  messageKey: "message",
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
