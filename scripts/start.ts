/**
 * `npm start`: Opsdeck on its embedded defaults, or on the backends the environment names.
 * Validates the configuration, brings up the database (embedded PostgreSQL when DATABASE_URL is
 * unset), seeds demo data, then runs the production start (dist/launcher.js: migrations, then
 * Next.js's standalone server) and a flag edge beside it (dist/flag-edge.js), and stops
 * everything cleanly. The production path itself runs `node dist/…` only (README).
 *   --dev   Next.js in development mode (`next dev`) instead of the production build
 */
import { type ChildProcess, spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { persistedAuthSecret } from "@/lib/auth/secret";
import { ConfigError, devLoginEnabled, getConfig, resetConfigForTests } from "@/lib/config";
import { closeDatabase } from "@/lib/db";
import { reissueAdminToken, seedDemo, startSimulators } from "./demo";
import { openDatabase } from "./database";

const { values: flags } = parseArgs({ options: { dev: { type: "boolean", default: false } } });

function fail(error: unknown): never {
  console.error(error instanceof ConfigError ? error.message : `Opsdeck failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
}

async function waitUntil(url: string, child: ChildProcess, name: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`the ${name} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the ${name} did not answer within 150 s`);
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
const edgeToken = config.FLAG_EDGE_TOKEN ?? (await reissueAdminToken("flag-edge (npm start)", "npm start").catch(fail));
await closeDatabase();

// The server runs with NODE_ENV=production (development with --dev); the sign-in choices were
// made (and checked) against the environment Opsdeck was started with, so they are handed over explicitly.
const authEnv = {
  AUTH_SECRET: config.AUTH_SECRET ?? persistedAuthSecret(),
  ...(config.OIDC_ISSUER ? {} : { OPSDECK_DEV_LOGIN: String(devLoginEnabled(config)) }),
};

const baseUrl = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
const edgeUrl = `http://${config.FLAG_EDGE_HOST === "0.0.0.0" ? "localhost" : config.FLAG_EDGE_HOST}:${config.FLAG_EDGE_PORT}`;
const webEnv = { ...process.env, ...authEnv, DATABASE_URL: database.url, NODE_ENV: flags.dev ? ("development" as const) : ("production" as const) };
const server = flags.dev
  ? spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "--port", String(config.PORT), "--hostname", config.HOST], { stdio: "inherit", env: webEnv })
  : spawn(process.execPath, ["dist/launcher.js"], { stdio: "inherit", env: webEnv });
const edge = spawn(process.execPath, flags.dev ? ["--import", "tsx", "scripts/flag-edge.ts"] : ["dist/flag-edge.js"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", FLAG_EDGE_UPSTREAM_URL: baseUrl, FLAG_EDGE_TOKEN: edgeToken },
});

let stopSimulators: (() => Promise<void>) | undefined;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await stopSimulators?.();
  await Promise.all(
    [edge, server].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }),
  );
  await database.release();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
server.on("exit", (code) => void shutdown(code ?? 1));
edge.on("exit", (code) => void shutdown(code ?? 1));

await Promise.all([waitUntil(`${baseUrl}/api/health/live`, server, "web app"), waitUntil(`${edgeUrl}/health/ready`, edge, "flag edge")]).catch(async (error) => {
  console.error((error as Error).message);
  await shutdown(1);
});
if (demoToken) stopSimulators = startSimulators({ baseUrl, token: demoToken });
console.log(`\nOpsdeck is running at ${baseUrl}${database.embedded ? " (embedded PostgreSQL)" : ""}`);
console.log(`Flag edge (SDK and OFREP evaluation, from memory) at ${edgeUrl}; point services that evaluate flags on every request there.`);
if (config.OTLP_GRPC_RECEIVER && config.OTLP_GRPC_PORT !== 0) {
  const grpcHost = config.OTLP_GRPC_HOST ?? config.HOST;
  console.log(`Traces (operator token): OTLP/HTTP at ${baseUrl}/v1/traces, OTLP/gRPC at http://${grpcHost === "0.0.0.0" ? "localhost" : grpcHost}:${config.OTLP_GRPC_PORT}`);
}
if (devLoginEnabled(config)) console.log("People sign in with the development sign-in (any name, any role); set OIDC_ISSUER for single sign-on.");
if (demoToken) {
  console.log("Demo admin API token (shown once; a new one is issued on every start):");
  console.log(demoToken);
}
