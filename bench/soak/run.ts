/**
 * Memory soak: the production build under steady mixed traffic (pages and API), reporting the
 * server's RSS, V8 heap and native (malloc) memory each minute and the RSS floor of the first half
 * against the second. Target (issue 16): the floor of the second half within 10 % of the first.
 * The measured minutes follow a warm-up under the same traffic: a fresh server loads each route's
 * code on its first request and V8 grows its heap to a working size, which is start-up, not growth.
 *
 *   npx tsx bench/soak/run.ts
 *   SOAK_MINUTES=10        how long to measure (default 10)
 *   SOAK_WARMUP_MINUTES=2  traffic before the measured minutes (default 2)
 *   SOAK_RATE=50           requests a second (default 50)
 *   SOAK_PORT=3260         the server's port
 *   SOAK_START_COMMAND     how to start it (default `node dist/launcher.js`, the production
 *                          start, with the image's NODE_OPTIONS from deploy/Dockerfile; run by
 *                          bash with PORT and DATABASE_URL set)
 *   SOAK_SKIP_BUILD=1      reuse the existing build instead of `npm run build` first
 *   SOAK_HEAP_SNAPSHOTS=1  write a heap snapshot (SIGUSR2) after the first and the last minute
 *                          (each stalls the server for seconds and inflates its RSS: compare
 *                          figures of runs without them)
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { resetConfigForTests } from "@/lib/config";
import { closeDatabase } from "@/lib/db";
import { imageNodeOptions, percentile } from "@/bench/measure";
import { benchDatabase } from "@/bench/flags/setup";
import { sessionFor } from "@/scripts/test/requests";

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const warmupMinutes = Number(process.env.SOAK_WARMUP_MINUTES ?? 2);
const rate = Number(process.env.SOAK_RATE ?? 50);
const port = Number(process.env.SOAK_PORT ?? 3260);
// The image's NODE_OPTIONS, so the soak measures what production runs.
const startCommand = process.env.SOAK_START_COMMAND ?? `NODE_OPTIONS='${imageNodeOptions()}' node dist/launcher.js`;
const snapshots = process.env.SOAK_HEAP_SNAPSHOTS === "1";
const base = `http://127.0.0.1:${port}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

if (process.env.SOAK_SKIP_BUILD !== "1") {
  console.log("building: npm run build");
  execFileSync("npm", ["run", "build"], { stdio: "inherit" });
}

process.env.AUTH_SECRET ??= randomBytes(33).toString("base64");
const database = await benchDatabase("soak");
resetConfigForTests();
const session = await sessionFor("admin", { name: "soak" });
await closeDatabase();

const server = spawn("bash", ["-c", startCommand], {
  env: {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: database.url,
    OPSDECK_DEMO: "false",
    // The production start refuses to guess how people sign in; the soak's pages use a dev session.
    OPSDECK_DEV_LOGIN: "true",
    LOG_LEVEL: "warn",
    ...(snapshots ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --heapsnapshot-signal=SIGUSR2`.trim() } : {}),
  },
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
});
const stopServer = () => {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    // already gone
  }
};
process.on("SIGINT", () => {
  stopServer();
  process.exit(130);
});

for (let attempt = 0; ; attempt++) {
  if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
  if (attempt > 600) throw new Error("the server did not answer within 150 s");
  if (await fetch(`${base}/api/health/live`).then((r) => r.ok, () => false)) break;
  await sleep(250);
}

/** The process listening on the port: the one whose memory counts, whatever launched it. */
function listeningPid(): number {
  const out = execFileSync("ss", ["-Hltnp", `sport = :${port}`], { encoding: "utf8" });
  const pid = out.match(/pid=(\d+)/)?.[1];
  if (!pid) throw new Error(`nothing listens on ${port}`);
  return Number(pid);
}
const serverPid = listeningPid();
const rssOf = () => Number(readFileSync(`/proc/${serverPid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
/** The main thread's malloc heap (glibc's brk area): native memory outside V8, e.g. zlib's buffers. */
const mallocHeapOf = () => Number(readFileSync(`/proc/${serverPid}/smaps`, "utf8").match(/ \[heap\]\n(?:.*\n)*?Rss:\s+(\d+) kB/)?.[1] ?? 0) * 1024;

const bearer = { Authorization: `Bearer ${database.token}` };
/** The server's own view (prom-client's process metrics): live JS heap, heap reserved, and memory outside it (Buffers). */
async function heapFigures(): Promise<{ used: number; total: number; external: number }> {
  const text = await (await fetch(`${base}/api/metrics`, { headers: bearer })).text();
  const read = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1] ?? NaN);
  return { used: read("nodejs_heap_size_used_bytes"), total: read("nodejs_heap_size_total_bytes"), external: read("nodejs_external_memory_bytes") };
}

const user = () => `user-${Math.floor(Math.random() * 1_000_000)}`;
const json = { ...bearer, "Content-Type": "application/json" };
// What a console sees: operators on pages (with their session), services evaluating flags for
// ever new users, exporters writing metrics and spans, and dashboards polling.
const mix: Array<[weight: number, send: () => Promise<Response>]> = [
  [3, () => fetch(`${base}/${["", "flags", "metrics", "traces", "health", "incidents", "ratelimit", "audit", "pools"][Math.floor(Math.random() * 9)]}`, { headers: { cookie: session } })],
  [2, () => fetch(`${base}/flags/bench_flag_${Math.floor(Math.random() * 20)}`, { headers: { cookie: session } })],
  [10, () => fetch(`${base}/ofrep/v1/evaluate/flags/bench_flag_${Math.floor(Math.random() * 20)}`, { method: "POST", headers: json, body: JSON.stringify({ context: { targetingKey: user() } }) })],
  [5, () => fetch(`${base}/ofrep/v1/evaluate/flags`, { method: "POST", headers: json, body: JSON.stringify({ context: { targetingKey: user() } }) })],
  [5, () => fetch(`${base}/api/flags/evaluate?userId=${user()}`, { headers: bearer })],
  [3, () => fetch(`${base}/api/admin/feature-flags`, { headers: bearer })],
  [2, () => fetch(`${base}/api/admin/feature-flags/missing_${user()}`, { headers: bearer })],
  [3, () => fetch(`${base}/api/admin/metrics/write`, { method: "POST", headers: bearer, body: `soak,service=svc-${Math.floor(Math.random() * 50)} latency=${Math.random() * 100} ${Date.now()}000000` })],
  [2, () => fetch(`${base}/api/admin/metrics/series/error_rate`, { headers: bearer })],
  [2, () => fetch(`${base}/api/admin/audit?limit=20&actor=${user()}`, { headers: bearer })],
  [2, () => fetch(`${base}/api/admin/traces?limit=20`, { headers: bearer })],
  [2, () => fetch(`${base}/api/health/deps`, { headers: bearer })],
  [1, () => fetch(`${base}/api/admin/ratelimit/config`, { headers: bearer })],
];
const deck = mix.flatMap(([weight, send]) => Array.from({ length: weight }, () => send));

interface Minute {
  statuses: Map<string, number>;
  latencies: number[];
}
let minute: Minute = { statuses: new Map(), latencies: [] };
const inFlight = new Set<Promise<void>>();
const traffic = setInterval(() => {
  if (inFlight.size >= 200) return void minute.statuses.set("skipped", (minute.statuses.get("skipped") ?? 0) + 1);
  const send = deck[Math.floor(Math.random() * deck.length)]!;
  const started = performance.now();
  const current = minute;
  const request = send()
    .then(async (response) => {
      await response.arrayBuffer();
      return String(response.status);
    })
    .catch(() => "error")
    .then((status) => {
      current.statuses.set(status, (current.statuses.get(status) ?? 0) + 1);
      current.latencies.push(performance.now() - started);
    })
    .finally(() => inFlight.delete(request));
  inFlight.add(request);
}, 1000 / rate);

const samples: Array<{ at: number; rss: number }> = [];
const sampler = setInterval(() => samples.push({ at: Date.now(), rss: rssOf() }), 5_000);
const snapshot = () => snapshots && process.kill(serverPid, "SIGUSR2");

console.log(`soak: ${warmupMinutes} min warm-up, then ${minutes} min measured, at ${rate} requests/s against \`${startCommand}\` (server pid ${serverPid}), RSS at start ${mb(rssOf())} MB`);
console.log("minute  RSS MB heap MB  total  extern  malloc  requests  p50 ms  p99 ms  statuses");
const warmupStarted = Date.now();
const started = warmupStarted + warmupMinutes * 60_000;
for (let m = 1 - warmupMinutes; m <= minutes; m++) {
  await sleep(started + m * 60_000 - Date.now());
  if (m === 0) samples.length = 0;
  const done = minute;
  minute = { statuses: new Map(), latencies: [] };
  const statuses = [...done.statuses].sort().map(([status, n]) => `${status}:${n}`).join(" ");
  const heap = await heapFigures();
  const row = [m <= 0 ? `w${m + warmupMinutes}` : m, mb(rssOf()), mb(heap.used), mb(heap.total), mb(heap.external), mb(mallocHeapOf()), done.latencies.length, Math.round(percentile(done.latencies, 50)), Math.round(percentile(done.latencies, 99))];
  console.log(`${row.map((value, i) => String(value).padStart(i === 0 ? 6 : 7)).join(" ")}  ${statuses}`);
  if (m === 1 || m === minutes) snapshot();
}
clearInterval(traffic);
clearInterval(sampler);
await Promise.all(inFlight);

const half = started + (minutes * 60_000) / 2;
const floor = (list: typeof samples) => Math.min(...list.map((sample) => sample.rss));
const first = floor(samples.filter((sample) => sample.at < half));
const second = floor(samples.filter((sample) => sample.at >= half));
console.log(`RSS floor: first half ${mb(first)} MB, second half ${mb(second)} MB (${(((second - first) / first) * 100).toFixed(1)} %; target within 10 %)`);
if (snapshots) console.log(`heap snapshots: Heap.*.heapsnapshot in the server's working directory`);

stopServer();
await sleep(2_000);
await database.drop();
process.exit(0);
