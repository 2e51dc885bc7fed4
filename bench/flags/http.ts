/**
 * Bulk evaluation of 20 flags for one user at 10 and 50 connections, in one run on one machine:
 * the flag edge (dist/flag-edge.js), the web app's own route (Next.js standalone, dist/launcher.js),
 * with BENCH_DIRECT=1 the direct path the web app had before the edge (scripts/server.ts as of
 * e26a980, its last version: Node's server in front of Next, run from this checkout's build), and
 * Unleash 8's frontend API.
 *   npm run build   (once)
 *   npx tsx bench/flags/http.ts
 * BENCH_PIN=1 pins the load generator to CPU 0 and the server under test to CPU 1 (taskset).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { benchDatabase } from "./setup";
import { benchUnleash, report } from "./unleash";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WEB_PORT = Number(process.env.BENCH_PORT ?? 3330);
const EDGE_PORT = WEB_PORT + 1;
const DIRECT_PORT = WEB_PORT + 2;
/** The last commit with scripts/server.ts, the direct path the edge replaced. */
const DIRECT_PATH_COMMIT = "e26a980";
const pin = process.env.BENCH_PIN === "1";
if (pin) execFileSync("taskset", ["-cp", "0", String(process.pid)], { stdio: "ignore" });

const database = await benchDatabase("bench_http");
const secrets = { AUTH_SECRET: randomBytes(32).toString("hex"), OPSDECK_DEV_LOGIN: "false", LOG_LEVEL: "warn", NODE_ENV: "production" as const };

function start(args: string[], env: Record<string, string>): ChildProcess {
  const [command, ...rest] = pin ? ["taskset", "-c", "1", process.execPath, ...args] : [process.execPath, ...args];
  return spawn(command as string, rest, { env: { ...process.env, ...secrets, DATABASE_URL: database.url, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

async function until(url: string): Promise<void> {
  for (let attempt = 0; attempt < 480; attempt++) {
    if (await fetch(url).then((r) => r.ok).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

export function rssMiB(pid: number): number {
  const status = execFileSync("cat", [`/proc/${pid}/status`]).toString();
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024);
}

async function measure(label: string, base: string, pid?: number): Promise<void> {
  const headers = { Authorization: `Bearer ${database.token}`, "Content-Type": "application/json" };
  const targets = [
    { label: `${label} GET evaluate`, url: `${base}/api/flags/evaluate?userId=user123&env=production`, method: "GET" as const },
    { label: `${label} POST OFREP bulk`, url: `${base}/ofrep/v1/evaluate/flags`, method: "POST" as const, body: JSON.stringify({ context: { targetingKey: "user123", env: "production" } }) },
  ];
  for (const target of targets) {
    await autocannon({ url: target.url, method: target.method, body: target.body, headers, connections: 10, duration: 2 }); // warm-up
    for (const connections of [10, 50]) {
      report(target.label, connections, await autocannon({ url: target.url, method: target.method, body: target.body, headers, connections, duration: DURATION_S }));
    }
  }
  if (pid) console.log(`${label} RSS after load: ${rssMiB(pid)} MiB`);
}

console.log(`node ${process.version}, ${DURATION_S} s per run${pin ? ", load generator on CPU 0, server on CPU 1" : ", unpinned (2 shared cores)"}`);
const web = start(["dist/launcher.js"], { PORT: String(WEB_PORT) });
try {
  await until(`http://127.0.0.1:${WEB_PORT}/api/health/live`);
  const edge = start(["dist/flag-edge.js"], { FLAG_EDGE_PORT: String(EDGE_PORT), FLAG_EDGE_UPSTREAM_URL: `http://127.0.0.1:${WEB_PORT}`, FLAG_EDGE_TOKEN: database.token });
  try {
    await until(`http://127.0.0.1:${EDGE_PORT}/health/ready`);
    console.log(`flag edge idle RSS: ${rssMiB(edge.pid as number)} MiB`);
    await measure("flag edge", `http://127.0.0.1:${EDGE_PORT}`, edge.pid);
  } finally {
    await stop(edge);
  }
  await measure("web app (Next route)", `http://127.0.0.1:${WEB_PORT}`, web.pid);
} finally {
  await stop(web);
}

if (process.env.BENCH_DIRECT === "1") {
  const file = "scripts/.bench-direct-server.ts";
  writeFileSync(file, execFileSync("git", ["show", `${DIRECT_PATH_COMMIT}:scripts/server.ts`]));
  const direct = start(["--import", "tsx", file], { PORT: String(DIRECT_PORT), ALERTS_EVALUATOR: "false" });
  try {
    await until(`http://127.0.0.1:${DIRECT_PORT}/api/health/live`);
    await measure(`direct path (${DIRECT_PATH_COMMIT})`, `http://127.0.0.1:${DIRECT_PORT}`, direct.pid);
  } finally {
    await stop(direct);
    rmSync(file, { force: true });
  }
}
await database.drop();

// Unleash 8, the peer in the issue: installed from npm into a temporary folder at bench time
// (it is AGPL: never a dependency of Opsdeck), on its own database, with the same 20 flags.
if (process.env.BENCH_UNLEASH !== "0") await benchUnleash();
