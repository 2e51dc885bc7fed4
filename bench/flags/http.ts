/**
 * Bulk evaluation of 20 flags for one user at 10 and 50 connections, in one run on one machine:
 * the flag edge (dist/flag-edge.js), the web app's own route (Next.js standalone, dist/launcher.js),
 * with BENCH_DIRECT=1 the direct path the web app had before the edge (scripts/server.ts as of
 * e26a980, its last version: Node's server in front of Next, run from this checkout's build),
 * Unleash 8's frontend API and the Unleash Proxy following it (bench/flags/unleash.ts). Prints a
 * line per run, then a table and the edge's ratios to each peer.
 *   npm run build   (once)
 *   npx tsx bench/flags/http.ts
 * BENCH_PIN=1 pins the load generator to CPU 0 and the server under test to CPU 1 (taskset), so
 * the figures are per core. BENCH_UNLEASH=0 leaves the Unleash peers out. BENCH_EDGE_CPU_PROF=<dir>
 * writes the edge's CPU profile (node --cpu-prof) there.
 */
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { benchDatabase } from "./setup";
import { DURATION_S, measureTarget, pinned, printSummary, rssMiB, startBuilt, startEdge, startWebApp, stopServer, untilAnswers } from "./load";
import { benchUnleash, PROXY_LABEL, UNLEASH_LABEL } from "./unleash";

const WEB_PORT = Number(process.env.BENCH_PORT ?? 3330);
const EDGE_PORT = WEB_PORT + 1;
const DIRECT_PORT = WEB_PORT + 2;
/** The last commit with scripts/server.ts, the direct path the edge replaced. */
const DIRECT_PATH_COMMIT = "e26a980";
const EDGE_LABELS = ["flag edge GET evaluate", "flag edge POST OFREP bulk"];

const database = await benchDatabase("bench_http");

async function measure(label: string, base: string, pid: number): Promise<void> {
  const headers = { Authorization: `Bearer ${database.token}`, "Content-Type": "application/json" };
  await measureTarget({ label: `${label} GET evaluate`, url: `${base}/api/flags/evaluate?userId=user123&env=production`, method: "GET", headers }, pid);
  const body = JSON.stringify({ context: { targetingKey: "user123", env: "production" } });
  await measureTarget({ label: `${label} POST OFREP bulk`, url: `${base}/ofrep/v1/evaluate/flags`, method: "POST", headers, body }, pid);
}

const load = () => os.loadavg().map((value) => value.toFixed(2)).join(", ");
console.log(`node ${process.version}, ${DURATION_S} s per run, ${pinned ? "load generator on CPU 0, server under test on CPU 1" : "unpinned (2 shared cores)"}, load average ${load()}`);
try {
  const web = await startWebApp(database.url, WEB_PORT);
  try {
    const profile = process.env.BENCH_EDGE_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_EDGE_CPU_PROF}`] : [];
    const edge = await startEdge(database.url, EDGE_PORT, `http://127.0.0.1:${WEB_PORT}`, database.token, profile);
    try {
      console.log(`flag edge idle RSS: ${rssMiB(edge.pid as number)} MiB`);
      await measure("flag edge", `http://127.0.0.1:${EDGE_PORT}`, edge.pid as number);
    } finally {
      await stopServer(edge);
    }
    await measure("web app (Next route)", `http://127.0.0.1:${WEB_PORT}`, web.pid as number);
  } finally {
    await stopServer(web);
  }

  if (process.env.BENCH_DIRECT === "1") {
    const file = "scripts/.bench-direct-server.ts";
    writeFileSync(file, execFileSync("git", ["show", `${DIRECT_PATH_COMMIT}:scripts/server.ts`]));
    const direct = startBuilt(["--import", "tsx", file], database.url, { PORT: String(DIRECT_PORT), ALERTS_EVALUATOR: "false" });
    try {
      await untilAnswers(`http://127.0.0.1:${DIRECT_PORT}/api/health/live`);
      await measure(`direct path (${DIRECT_PATH_COMMIT})`, `http://127.0.0.1:${DIRECT_PORT}`, direct.pid as number);
    } finally {
      await stopServer(direct);
      rmSync(file, { force: true });
    }
  }
} finally {
  // Also when a server does not start: the bench leaves no database behind.
  await database.drop();
}

if (process.env.BENCH_UNLEASH !== "0") await benchUnleash();
printSummary(EDGE_LABELS, [PROXY_LABEL, UNLEASH_LABEL]);
console.log(`load average at the end: ${load()}`);
