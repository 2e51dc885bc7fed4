import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { TEST_SERVER_URL } from "@/scripts/test/database";
import { measureTarget, startServer, stopServer, untilAnswers } from "./load";

const PORT = Number(process.env.UNLEASH_PORT ?? 4243);
const PROXY_PORT = PORT + 1;
const DIR = process.env.UNLEASH_DIR ?? path.join(os.tmpdir(), "opsdeck-bench-unleash");
const PROXY_DIR = process.env.UNLEASH_PROXY_DIR ?? path.join(os.tmpdir(), "opsdeck-bench-unleash-proxy");
/** The Unleash Proxy's last 1.4 release that runs on Node 20 (1.4.19 needs Node 22). */
const PROXY_VERSION = "1.4.9";
const PROXY_KEY = "opsdeck-bench-proxy-key";

export const UNLEASH_LABEL = "Unleash 8 POST /api/frontend";
export const PROXY_LABEL = `Unleash Proxy ${PROXY_VERSION} POST /proxy`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  await client.query(sql);
  await client.end();
}

/** Installs a package into its own temporary folder (once): the peers are measured, never depended on. */
function installed(dir: string, spec: string, name: string): boolean {
  if (existsSync(path.join(dir, "node_modules", name))) return true;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: path.basename(dir), private: true }));
  console.log(`installing ${spec} into ${dir} …`);
  return spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", spec], { cwd: dir, stdio: "inherit" }).status === 0;
}

/** What both peers are asked: the same user as the edge rows, on the frontend APIs' POST. */
const body = JSON.stringify({ context: { userId: "user123" } });

/**
 * Both peers serve from a copy they refresh in the background: waits until the copy answers the
 * user with as many enabled flags as the server's own evaluation (its playground) gives.
 */
async function untilServing(url: string, headers: Record<string, string>, expected: number): Promise<void> {
  let served = -1;
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await fetch(url, { method: "POST", headers, body });
    served = response.ok ? ((await response.json()) as { toggles: unknown[] }).toggles.length : -1;
    if (served === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`${url} serves ${served} enabled flags for user123, not the ${expected} Unleash evaluates`);
}

/**
 * Unleash 8 (unleash-server, AGPL) on its own database with the same 20 flags as Opsdeck's bench
 * database, its frontend API measured; then the Unleash Proxy (@unleash/proxy) following that
 * server with a backend token, its frontend endpoint measured. Both installed into temporary folders.
 */
export async function benchUnleash(): Promise<void> {
  if (!installed(DIR, "unleash-server@8.2.0", "unleash-server")) return void console.log("Unleash: not measured — npm could not install unleash-server here");
  const database = `opsdeck_bench_unleash_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE ${database}`);
  const where = new URL(TEST_SERVER_URL);
  writeFileSync(
    path.join(DIR, "start.cjs"),
    `require("unleash-server").start({
  db: { host: ${JSON.stringify(where.hostname)}, port: ${Number(where.port || 5432)}, user: ${JSON.stringify(decodeURIComponent(where.username) || "postgres")}, password: ${JSON.stringify(decodeURIComponent(where.password))}, database: ${JSON.stringify(database)}, ssl: false },
  server: { port: ${PORT} },
  authentication: { type: "none" },
}).then(() => console.log("unleash started"), (error) => { console.error(error); process.exit(1); });\n`,
  );
  const server = startServer(["start.cjs"], {
    cwd: DIR,
    stdio: ["ignore", "ignore", "ignore"],
    env: {
      ...process.env,
      LOG_LEVEL: "error",
      NODE_ENV: "production",
      // Unleash 8 limits its SDK APIs to 20,000 requests a minute by default; a throughput run must not measure 429s.
      SDK_API_RATE_LIMIT_PER_MINUTE: "100000000",
      TOKEN_AUTHENTICATION_RATE_LIMIT_PER_MINUTE: "100000000",
    },
  });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await untilAnswers(`${base}/health`);
    const post = async (url: string, body?: unknown) => {
      const response = await fetch(`${base}${url}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
      if (!response.ok) throw new Error(`Unleash ${url}: ${response.status} ${await response.text()}`);
      return response.text();
    };
    // The same 20 flags as Opsdeck's bench database, as flexible rollouts in one environment.
    for (let i = 0; i < 20; i++) {
      const name = `bench_flag_${i}`;
      await post("/api/admin/projects/default/features", { name });
      const rollout = [0, 10, 50, 100][i % 4] as number;
      await post(`/api/admin/projects/default/features/${name}/environments/development/strategies`, {
        name: "flexibleRollout",
        parameters: { rollout: String(rollout), stickiness: "default", groupId: name },
      });
      if (i % 7 !== 0) await post(`/api/admin/projects/default/features/${name}/environments/development/on`);
    }
    const token = async (type: string) =>
      (JSON.parse(await post("/api/admin/api-tokens", { type, environment: "development", projects: ["*"], tokenName: `bench-${type}` })) as { secret: string }).secret;
    const frontend = { label: UNLEASH_LABEL, url: `${base}/api/frontend`, method: "POST" as const, headers: { Authorization: await token("frontend"), "Content-Type": "application/json" }, body };
    const playground = JSON.parse(await post("/api/admin/playground", { projects: "*", environment: "development", context: { appName: "opsdeck-bench", userId: "user123" } })) as {
      features: Array<{ isEnabled: boolean }>;
    };
    const enabled = playground.features.filter((feature) => feature.isEnabled).length;
    console.log(`Unleash evaluates ${enabled} of ${playground.features.length} flags enabled for user123`);
    await untilServing(frontend.url, frontend.headers, enabled);
    await measureTarget(frontend, server.pid as number);
    await benchProxy(`${base}/api`, await token("backend"), enabled);
  } finally {
    await stopServer(server);
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

/** The Unleash Proxy following the Unleash server at `unleashUrl`, its frontend endpoint measured. */
async function benchProxy(unleashUrl: string, backendToken: string, enabled: number): Promise<void> {
  if (!installed(PROXY_DIR, `@unleash/proxy@${PROXY_VERSION}`, "@unleash/proxy")) return void console.log("Unleash Proxy: not measured — npm could not install it here");
  writeFileSync(path.join(PROXY_DIR, "start.cjs"), `require("@unleash/proxy").start();\n`);
  const proxy = startServer(["start.cjs"], {
    cwd: PROXY_DIR,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "error", PORT: String(PROXY_PORT), UNLEASH_URL: unleashUrl, UNLEASH_API_TOKEN: backendToken, UNLEASH_PROXY_CLIENT_KEYS: PROXY_KEY, UNLEASH_APP_NAME: "opsdeck-bench" },
  });
  try {
    const target = { label: PROXY_LABEL, url: `http://127.0.0.1:${PROXY_PORT}/proxy`, method: "POST" as const, headers: { Authorization: PROXY_KEY, "Content-Type": "application/json" }, body };
    await untilAnswers(`http://127.0.0.1:${PROXY_PORT}/proxy/health`);
    await untilServing(target.url, target.headers, enabled);
    await measureTarget(target, proxy.pid as number);
  } finally {
    await stopServer(proxy);
  }
}
