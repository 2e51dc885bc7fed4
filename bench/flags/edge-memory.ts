/**
 * The flag edge's memory: RSS idle, then holding 5,000 SDK stream connections (GET /api/flags/stream)
 * and per connection, whether a change made in the web app still reaches every stream (and how long
 * the last one waits), then RSS while it also serves OFREP bulk at 50 connections (BENCH_DURATION_S).
 * RSS under load alone is in bench/flags/http.ts's table.
 * Needs `npm run build`.
 *   npx tsx bench/flags/edge-memory.ts
 */
import type { ChildProcess } from "node:child_process";
import { request } from "node:http";
import autocannon from "autocannon";
import { percentile } from "@/bench/measure";
import { benchDatabase } from "./setup";
import { DURATION_S, rssMiB, startEdge, startWebApp, stopServer } from "./load";

const STREAMS = Number(process.env.BENCH_STREAMS ?? 5_000);
const WEB_PORT = Number(process.env.BENCH_PORT ?? 3335);
const EDGE = `http://127.0.0.1:${WEB_PORT + 1}`;
const database = await benchDatabase("bench_edge_memory");
const headers = { Authorization: `Bearer ${database.token}`, "Content-Type": "application/json" };

/** One SDK stream: counts the `flags` frames it receives (the first is the set at connection). */
function openStream(onFlags: (count: number) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(`${EDGE}/api/flags/stream`, { headers, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let pending = "";
      let frames = 0;
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf("\n\n")) !== -1) {
          if (pending.startsWith("event: flags\n")) onFlags(++frames);
          pending = pending.slice(end + 2);
        }
      });
      resolve(() => req.destroy());
    });
    req.once("error", reject);
    req.end();
  });
}

const closers: Array<() => void> = [];
const started: ChildProcess[] = [];
try {
  started.push(await startWebApp(database.url, WEB_PORT));
  const edge = await startEdge(database.url, WEB_PORT + 1, `http://127.0.0.1:${WEB_PORT}`, database.token);
  started.push(edge);
  const pid = edge.pid as number;
  const idle = rssMiB(pid);
  console.log(`flag edge idle RSS: ${idle} MiB`);
  let connected = 0;
  const reachedAt: number[] = [];
  let changedAt = 0;
  const connecting = performance.now();
  for (let i = 0; i < STREAMS; i += 500) {
    // Batches of 500, so the listen backlog (511) never overflows.
    closers.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(500, STREAMS - i) }, () =>
          openStream((frames) => {
            if (frames === 1) connected++;
            else if (frames === 2) reachedAt.push(performance.now() - changedAt);
          }),
        ),
      )),
    );
  }
  while (connected < STREAMS) await new Promise((resolve) => setTimeout(resolve, 10));
  console.log(`${STREAMS} streams connected and sent the flag set in ${Math.round(performance.now() - connecting)} ms`);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const held = rssMiB(pid);
  console.log(`flag edge holding ${STREAMS} streams: RSS ${held} MiB (${(((held - idle) * 1024) / STREAMS).toFixed(1)} KiB a connection)`);

  changedAt = performance.now();
  const response = await fetch(`http://127.0.0.1:${WEB_PORT}/api/admin/feature-flags/bench_flag_1`, { method: "POST", headers, body: JSON.stringify({ description: "changed" }) });
  if (!response.ok) throw new Error(`change failed: ${response.status}`);
  while (reachedAt.length < STREAMS && performance.now() - changedAt < 10_000) await new Promise((resolve) => setTimeout(resolve, 5));
  console.log(
    `a change made in the web app reached ${reachedAt.length} of ${STREAMS} streams: p50 ${percentile(reachedAt, 50).toFixed(0)} ms, p99 ${percentile(reachedAt, 99).toFixed(0)} ms, last ${Math.max(...reachedAt).toFixed(0)} ms after the POST was sent; RSS then ${rssMiB(pid)} MiB`,
  );
  const body = JSON.stringify({ context: { targetingKey: "user123", env: "production" } });
  const loaded = await autocannon({ url: `${EDGE}/ofrep/v1/evaluate/flags`, method: "POST", headers, body, connections: 50, duration: DURATION_S });
  console.log(`flag edge holding the streams and under load (OFREP bulk, 50 connections, ${Math.round(loaded["2xx"] / loaded.duration).toLocaleString("en")} 2xx/s): RSS ${rssMiB(pid)} MiB`);
} finally {
  for (const close of closers) close();
  for (const child of started.reverse()) await stopServer(child);
  await database.drop();
}
