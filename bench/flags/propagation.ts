/**
 * Propagation latency over 100 changes: a change made on instance A (POST, timed from the moment
 * it is sent) until instance B serves it (B polled every 2 ms) and until an SDK following B's
 * stream has it. Two Opsdeck instances in separate processes (scripts/test/route-server.ts),
 * one fresh database, the real Redis.
 *   npx tsx bench/flags/propagation.ts
 */
import { FeatureFlagManager } from "@/lib/flags/sdk";
import { startInstance } from "@/scripts/test/instances";
import { percentile } from "@/bench/measure";
import { benchDatabase } from "./setup";

const CHANGES = 100;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const database = await benchDatabase("bench_propagation");
const env = { DATABASE_URL: database.url, REDIS_URL };
const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
const headers = { Authorization: `Bearer ${database.token}`, "Content-Type": "application/json" };
const FLAG = "bench_flag_1";

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error("change not seen within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const servedByB = async (percentage: number) => {
  const response = await fetch(`${b.url}/api/admin/feature-flags/${FLAG}`, { headers });
  return ((await response.json()) as { rolloutPercentage: number }).rolloutPercentage === percentage;
};

const change = (percentage: number) =>
  fetch(`${a.url}/api/admin/feature-flags/${FLAG}`, { method: "POST", headers, body: JSON.stringify({ rolloutPercentage: percentage }) });

const sdk = new FeatureFlagManager({ baseUrl: b.url, token: database.token, pollIntervalMs: 60_000 });
try {
  await sdk.ready();
  await change(1);
  await until(() => servedByB(1)); // warm both instances
  const toB: number[] = [];
  const toSdk: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const percentage = 2 + (i % 98);
    const started = performance.now();
    const sdkSaw = until(() => sdk.getFlag(FLAG)?.rolloutPercentage === percentage).then(() => performance.now() - started);
    const response = await change(percentage);
    if (!response.ok) throw new Error(`change failed: ${response.status}`);
    await until(() => servedByB(percentage));
    toB.push(performance.now() - started);
    toSdk.push(await sdkSaw);
  }
  const line = (label: string, values: number[]) =>
    console.log(`${label.padEnd(34)} p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`);
  console.log(`${CHANGES} changes, node ${process.version}, Redis ${REDIS_URL.replace(/\/\/.*@/, "//")}`);
  line("A → served by B", toB);
  line("A → SDK following B's stream", toSdk);
} finally {
  sdk.close();
  await Promise.all([a.stop(), b.stop()]);
  await database.drop();
}
