/**
 * `npm start`: Opsdeck on its embedded defaults, or on the backends the environment names.
 * Validates the configuration, brings up the database (embedded PostgreSQL when DATABASE_URL is
 * unset), applies migrations, seeds demo data, runs Opsdeck's server (scripts/server.ts: Next.js
 * plus the direct flag evaluation routes) and stops everything cleanly.
 *   --dev   Next.js in development mode instead of the production build
 */
import { type ChildProcess, spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { persistedAuthSecret } from "@/lib/auth/secret";
import { ConfigError, devLoginEnabled, getConfig, resetConfigForTests } from "@/lib/config";
import { closeDatabase } from "@/lib/db";
import { seedDemo, startSimulators } from "./demo";
import { openDatabase } from "./database";

const { values: flags } = parseArgs({ options: { dev: { type: "boolean", default: false } } });

function fail(error: unknown): never {
  console.error(error instanceof ConfigError ? error.message : `Opsdeck failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
}

async function waitUntilLive(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not answer within 150 s");
}

const config = (() => {
  try {
    return getConfig();
  } catch (error) {
    fail(error);
  }
})();

const database = await openDatabase(config).catch(fail);
process.env.DATABASE_URL = database.url;
resetConfigForTests();

const demo = config.OPSDECK_DEMO ?? database.embedded;
const demoToken = demo ? (await seedDemo().catch(fail)).token : undefined;
await closeDatabase();

// The server runs with NODE_ENV=production (development with --dev); the sign-in choices were
// made (and checked) against the environment Opsdeck was started with, so they are handed over explicitly.
const authEnv = {
  AUTH_SECRET: config.AUTH_SECRET ?? persistedAuthSecret(),
  ...(config.OIDC_ISSUER ? {} : { OPSDECK_DEV_LOGIN: String(devLoginEnabled(config)) }),
};

const baseUrl = `http://localhost:${config.PORT}`;
const server = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts", ...(flags.dev ? ["--dev"] : [])], {
  stdio: "inherit",
  env: { ...process.env, ...authEnv, DATABASE_URL: database.url, NODE_ENV: flags.dev ? "development" : "production" },
});

let stopSimulators: (() => Promise<void>) | undefined;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await stopSimulators?.();
  if (server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
  await database.release();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
server.on("exit", (code) => void shutdown(code ?? 1));

await waitUntilLive(baseUrl, server).catch(async (error) => {
  console.error((error as Error).message);
  await shutdown(1);
});
if (demoToken) stopSimulators = startSimulators({ baseUrl, token: demoToken });
console.log(`\nOpsdeck is running at ${baseUrl}${database.embedded ? " (embedded PostgreSQL)" : ""}`);
if (devLoginEnabled(config)) console.log("People sign in with the development sign-in (any name, any role); set OIDC_ISSUER for single sign-on.");
if (demoToken) {
  console.log("Demo admin API token (shown once; a new one is issued on every start):");
  console.log(demoToken);
}
