/**
 * The web app's production start (`npm run start:production` → `node dist/launcher.js`, built by
 * `npm run build`): validates the configuration, applies the migrations, and runs Next.js's
 * standalone server in this process, listening on HOST:PORT; SIGTERM drains it
 * (lib/graceful-shutdown.ts). JavaScript only: no tsx, no install, no build.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, getConfig } from "@/lib/config";
import { migrate } from "@/lib/db/migrate";
import { watchHttpServers } from "@/lib/graceful-shutdown";
import { spaceOutHeapMarking } from "@/lib/heap-growth";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

spaceOutHeapMarking();

// The production start is production whatever the environment says: its configuration rules apply.
Object.assign(process.env, { NODE_ENV: "production" });
const config = (() => {
  try {
    return getConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : `Opsdeck failed to start: ${(error as Error).stack ?? error}`);
  }
})();
if (!config.DATABASE_URL) fail("Opsdeck cannot start: invalid configuration\n  - DATABASE_URL: required by the production start (npm start runs an embedded PostgreSQL instead)");

const root = process.cwd();
const standalone = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "standalone");
const serverFile = path.join(standalone, "server.js");
if (!existsSync(serverFile)) fail(`Opsdeck cannot start: ${path.relative(root, serverFile)} is missing; run \`npm run build\` first`);

await migrate(config.DATABASE_URL).catch((error: unknown) => fail(`Opsdeck cannot start: migrations failed: ${(error as Error).message}`));

const http = watchHttpServers();
// Next.js's own SIGTERM handler would exit 143 without flushing anything; ours drains first.
process.env.NEXT_MANUAL_SIG_HANDLE = "true";
process.env.HOSTNAME = config.HOST;
process.env.PORT = String(config.PORT);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ timestamp: new Date().toISOString(), level: "info", service: "opsdeck", message: "shutting down", signal, in_flight: http.inFlight() }));
    void http
      .shutdown(config.SHUTDOWN_TIMEOUT_SECONDS * 1000, (name, error) => console.error(`shutdown step ${name} failed: ${(error as Error).message}`))
      .then((report) => {
        console.log(JSON.stringify({ timestamp: new Date().toISOString(), level: "info", service: "opsdeck", message: "stopped", ...report }));
        process.exit(0);
      });
  });
}

await import(pathToFileURL(serverFile).href);
