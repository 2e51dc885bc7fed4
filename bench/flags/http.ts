/**
 * HTTP bulk evaluation for one user (20 flags) against the production build, at 10 and 50
 * connections, then the same for Unleash's frontend API when it can run here.
 *   NEXT_DIST_DIR=.next-flags npx next build   (once)
 *   NEXT_DIST_DIR=.next-flags npx tsx bench/flags/http.ts
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { benchDatabase } from "./setup";
import { benchUnleash, report } from "./unleash";

const PORT = Number(process.env.BENCH_PORT ?? 3121);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const base = `http://127.0.0.1:${PORT}`;

const database = await benchDatabase("bench_http");
// Opsdeck's own server (Next.js plus the direct evaluation routes), as `npm start` runs it.
const server = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
  // Production mode wants a session secret and a stated sign-in choice; the bench calls with a token only.
  env: { ...process.env, DATABASE_URL: database.url, PORT: String(PORT), LOG_LEVEL: "warn", NODE_ENV: "production", AUTH_SECRET: randomBytes(32).toString("hex"), OPSDECK_DEV_LOGIN: "false" },
  stdio: ["ignore", "ignore", "inherit"],
});

try {
  for (let attempt = 0; ; attempt++) {
    if (attempt > 240) throw new Error("Opsdeck did not start");
    if (await fetch(`${base}/api/health/live`).then((r) => r.ok).catch(() => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const headers = { Authorization: `Bearer ${database.token}` };
  const targets = [
    { label: "GET /api/flags/evaluate (20 flags)", url: `${base}/api/flags/evaluate?userId=user123&env=production`, method: "GET" },
    {
      label: "POST /ofrep/v1/evaluate/flags (20 flags)",
      url: `${base}/ofrep/v1/evaluate/flags`,
      method: "POST",
      body: JSON.stringify({ context: { targetingKey: "user123", env: "production" } }),
    },
  ];
  console.log(`Opsdeck production build, node ${process.version}, ${DURATION_S} s per run`);
  for (const target of targets) {
    await autocannon({ url: target.url, method: target.method, body: target.body, headers, connections: 10, duration: 2 }); // warm-up
    for (const connections of [10, 50]) {
      const result = await autocannon({ url: target.url, method: target.method, body: target.body, headers: { ...headers, "Content-Type": "application/json" }, connections, duration: DURATION_S });
      report(target.label, connections, result);
    }
  }
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await database.drop();
}

// Unleash 8, the peer in the issue: installed from npm into a temporary folder at bench time
// (it is AGPL: never a dependency of Opsdeck), on its own database, with the same 20 flags.
await benchUnleash();
