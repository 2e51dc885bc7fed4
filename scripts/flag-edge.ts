/**
 * The flag edge: serves flag evaluation (SDK and OFREP routes, the SDK's change stream) from
 * memory, following an Opsdeck web app (lib/edge/). Built to dist/flag-edge.js by
 * scripts/build-dist.ts; `npm start` runs one beside the web app. Configuration: lib/config.ts
 * (FLAG_EDGE_UPSTREAM_URL, FLAG_EDGE_TOKEN, FLAG_EDGE_PORT, FLAG_EDGE_HOST).
 */
import pino from "pino";
import { ConfigError, parseEdgeConfig } from "@/lib/config";
import { startFlagEdge } from "@/lib/edge/server";

const config = (() => {
  try {
    return parseEdgeConfig(process.env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message.replace("Opsdeck cannot start", "The flag edge cannot start") : error);
    process.exit(1);
  }
})();

const log = pino({
  level: config.LOG_LEVEL,
  base: { service: "opsdeck-flag-edge" },
  timestamp: pino.stdTimeFunctions.isoTime,
  messageKey: "message",
  formatters: { level: (label) => ({ level: label }) },
});

const edge = await startFlagEdge(config, log).catch((error: unknown) => {
  console.error(`The flag edge cannot start: ${(error as Error).message}`);
  process.exit(1);
});
log.info({ url: `http://${config.FLAG_EDGE_HOST}:${config.FLAG_EDGE_PORT}`, upstream: config.FLAG_EDGE_UPSTREAM_URL }, "flag edge listening");

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void edge.close().then(() => process.exit(0));
  });
}
