/**
 * The flag edge's memory: RSS idle, then holding 5,000 SDK stream connections (GET /api/flags/stream),
 * and whether a change still reaches them all. Needs `npm run build`.
 *   npx tsx bench/flags/edge-memory.ts
 */
import { type ChildProcess, spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { request } from "node:http";
import { randomBytes } from "node:crypto";
import { benchDatabase } from "./setup";

const STREAMS = Number(process.env.BENCH_STREAMS ?? 5_000);
const WEB_PORT = Number(process.env.BENCH_PORT ?? 3335);
const EDGE_PORT = WEB_PORT + 1;
const database = await benchDatabase("bench_edge_memory");
const env = { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("hex"), OPSDECK_DEV_LOGIN: "false", LOG_LEVEL: "warn" };

const rssMiB = (pid: number) => Math.round(Number(execFileSync("cat", [`/proc/${pid}/status`]).toString().match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024);
async function until(url: string) {
  for (let attempt = 0; attempt < 480; attempt++) {
    if (await fetch(url).then((r) => r.ok).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer`);
}
const stop = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once("exit", resolve), child.kill("SIGTERM"))));

const web = spawn(process.execPath, ["dist/launcher.js"], { env: { ...env, PORT: String(WEB_PORT) }, stdio: ["ignore", "ignore", "inherit"] });
const edge = spawn(process.execPath, ["dist/flag-edge.js"], {
  env: { ...env, FLAG_EDGE_PORT: String(EDGE_PORT), FLAG_EDGE_UPSTREAM_URL: `http://127.0.0.1:${WEB_PORT}`, FLAG_EDGE_TOKEN: database.token },
  stdio: ["ignore", "ignore", "inherit"],
});
try {
  await until(`http://127.0.0.1:${WEB_PORT}/api/health/live`);
  await until(`http://127.0.0.1:${EDGE_PORT}/health/ready`);
  const idle = rssMiB(edge.pid as number);
  console.log(`flag edge idle RSS: ${idle} MiB`);
  let received = 0;
  const sockets: Array<() => void> = [];
  await Promise.all(
    Array.from({ length: STREAMS }, () =>
      new Promise<void>((resolve, reject) => {
        const req = request(`http://127.0.0.1:${EDGE_PORT}/api/flags/stream`, { headers: { Authorization: `Bearer ${database.token}` }, agent: false }, (res) => {
          let first = true;
          res.on("data", () => {
            if (first) {
              first = false;
              resolve();
            } else received++;
          });
        });
        req.once("error", reject);
        req.end();
        sockets.push(() => req.destroy());
      }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const held = rssMiB(edge.pid as number);
  console.log(`flag edge with ${STREAMS} stream connections: RSS ${held} MiB (${(((held - idle) * 1024) / STREAMS).toFixed(1)} KiB a connection)`);
  const started = performance.now();
  await fetch(`http://127.0.0.1:${WEB_PORT}/api/admin/feature-flags/bench_flag_1`, {
    method: "POST",
    headers: { Authorization: `Bearer ${database.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ description: "changed" }),
  });
  while (received < STREAMS && performance.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 5));
  console.log(`a change reached ${received} of ${STREAMS} streams in ${Math.round(performance.now() - started)} ms`);
  for (const close of sockets) close();
} finally {
  await stop(edge);
  await stop(web);
  await database.drop();
}
