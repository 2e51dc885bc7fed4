import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { TEST_SERVER_URL } from "@/scripts/test/database";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PORT = Number(process.env.UNLEASH_PORT ?? 4243);
const DIR = process.env.UNLEASH_DIR ?? path.join(os.tmpdir(), "opsdeck-bench-unleash");

type Result = Awaited<ReturnType<typeof autocannon>>;

/** One line per run. Only 2xx answers count as served: a fast 429 or error is not an evaluation. */
export function report(label: string, connections: number, result: Result): void {
  const served = Math.round(result["2xx"] / result.duration);
  const others = Object.entries(result.statusCodeStats)
    .filter(([status]) => !status.startsWith("2"))
    .map(([status, { count }]) => `${status}×${count}`)
    .join(" ");
  console.log(
    `${label.padEnd(42)} ${String(connections).padStart(2)} conns: ${served.toLocaleString("en").padStart(7)} 2xx/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, other answers: ${others || "none"}, errors ${result.errors}`,
  );
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  await client.query(sql);
  await client.end();
}

/** Installs unleash-server 8 into a temporary folder (once), runs it on its own database, measures POST /api/frontend. */
export async function benchUnleash(): Promise<void> {
  if (!existsSync(path.join(DIR, "node_modules/unleash-server"))) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path.join(DIR, "package.json"), JSON.stringify({ name: "opsdeck-bench-unleash", private: true }));
    console.log(`installing unleash-server@8 into ${DIR} …`);
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "unleash-server@8.2.0"], { cwd: DIR, stdio: "inherit" });
    if (install.status !== 0) {
      console.log("Unleash: not measured — npm could not install unleash-server here");
      return;
    }
  }
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
  const server = spawn(process.execPath, ["start.cjs"], { cwd: DIR, stdio: ["ignore", "ignore", "ignore"], env: {
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
    for (let attempt = 0; ; attempt++) {
      if (attempt > 240) throw new Error("Unleash did not start");
      if (await fetch(`${base}/health`).then((r) => r.ok).catch(() => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
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
    const token = (JSON.parse(await post("/api/admin/api-tokens", { type: "frontend", environment: "development", projects: ["*"], tokenName: "bench" })) as { secret: string }).secret;
    const headers = { Authorization: token, "Content-Type": "application/json" };
    const body = JSON.stringify({ context: { userId: "user123" } });
    // The frontend API serves from a cache it refreshes in the background; wait until it has the flags.
    for (let attempt = 0; attempt < 60; attempt++) {
      const answer = (await (await fetch(`${base}/api/frontend`, { method: "POST", headers, body })).json()) as { toggles: unknown[] };
      if (answer.toggles.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await autocannon({ url: `${base}/api/frontend`, method: "POST", headers, body, connections: 10, duration: 2 });
    for (const connections of [10, 50]) {
      report("Unleash 8 POST /api/frontend (20 flags)", connections, await autocannon({ url: `${base}/api/frontend`, method: "POST", headers, body, connections, duration: DURATION_S }));
    }
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}
