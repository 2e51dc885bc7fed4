/**
 * Propagation latency over 100 changes, each timed from the moment its POST is sent.
 * - Default: a change made on instance A until instance B serves it (over Redis) and until an SDK
 *   following B's stream has it. Two Opsdeck instances in separate processes
 *   (scripts/test/route-server.ts), one fresh database, the real Redis.
 * - BENCH_PROPAGATION=edge: a change POSTed to the web app (Next.js standalone, dist/launcher.js)
 *   until a flag edge following it (dist/flag-edge.js) serves it and until an SDK following the
 *   edge's stream has it. Needs `npm run build`.
 * Whatever serves a change is polled every millisecond (plus the request's own time). The time the
 * POST itself took is printed too: the part of the figure that is the web app's write, not propagation.
 *   npx tsx bench/flags/propagation.ts
 */
import type { ChildProcess } from "node:child_process";
import { FeatureFlagManager } from "@/lib/flags/sdk";
import { startInstance } from "@/scripts/test/instances";
import { percentile } from "@/bench/measure";
import { benchDatabase } from "./setup";
import { startEdge, startWebApp, stopServer } from "./load";

const CHANGES = 100;
const POLL_MS = 1;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const WEB_PORT = Number(process.env.BENCH_PORT ?? 3338);
const toEdge = process.env.BENCH_PROPAGATION === "edge";
const FLAG = "bench_flag_1";
const database = await benchDatabase("bench_propagation");
const headers = { Authorization: `Bearer ${database.token}`, "Content-Type": "application/json" };

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error("change not seen within 5 s");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Whether `url` serves the flag at this rollout: the edge's GET /api/flags, an instance's admin read. */
const serves = (url: string) => async (percentage: number) => {
  const answer = (await (await fetch(url, { headers })).json()) as { rolloutPercentage?: number; flags?: Array<{ name: string; rolloutPercentage: number }> };
  return (answer.flags ? answer.flags.find((flag) => flag.name === FLAG)?.rolloutPercentage : answer.rolloutPercentage) === percentage;
};

const children: ChildProcess[] = [];
const instances: Array<{ stop(): Promise<void> }> = [];
let sdk: FeatureFlagManager | undefined;
try {
  let changeUrl: string;
  let servedBy: { label: string; check: (percentage: number) => Promise<boolean> };
  let followed: string;
  if (toEdge) {
    children.push(await startWebApp(database.url, WEB_PORT));
    children.push(await startEdge(database.url, WEB_PORT + 1, `http://127.0.0.1:${WEB_PORT}`, database.token));
    changeUrl = `http://127.0.0.1:${WEB_PORT}/api/admin/feature-flags/${FLAG}`;
    followed = `http://127.0.0.1:${WEB_PORT + 1}`;
    servedBy = { label: "web app → served by the edge", check: serves(`${followed}/api/flags`) };
  } else {
    const env = { DATABASE_URL: database.url, REDIS_URL };
    const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    instances.push(a, b);
    changeUrl = `${a.url}/api/admin/feature-flags/${FLAG}`;
    followed = b.url;
    servedBy = { label: "A → served by B", check: serves(`${b.url}/api/admin/feature-flags/${FLAG}`) };
  }
  const sdkLabel = toEdge ? "web app → SDK following the edge" : "A → SDK following B's stream";
  const change = (percentage: number) => fetch(changeUrl, { method: "POST", headers, body: JSON.stringify({ rolloutPercentage: percentage }) });
  const following = new FeatureFlagManager({ baseUrl: followed, token: database.token, pollIntervalMs: 60_000 });
  sdk = following;
  await following.ready();
  await change(1);
  await until(() => servedBy.check(1)); // warm up every process on the path
  const answered: number[] = [];
  const served: number[] = [];
  const toSdk: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const percentage = 2 + (i % 98);
    const started = performance.now();
    const sdkSaw = until(() => following.getFlag(FLAG)?.rolloutPercentage === percentage).then(() => performance.now() - started);
    const response = await change(percentage);
    if (!response.ok) throw new Error(`change failed: ${response.status}`);
    answered.push(performance.now() - started);
    await until(() => servedBy.check(percentage));
    served.push(performance.now() - started);
    toSdk.push(await sdkSaw);
  }
  const line = (label: string, values: number[]) =>
    console.log(`${label.padEnd(48)} p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`);
  console.log(`${CHANGES} changes, node ${process.version}${toEdge ? "" : `, Redis ${REDIS_URL.replace(/\/\/.*@/, "//")}`}`);
  line(toEdge ? "web app answered the POST" : "A answered the POST", answered);
  line(servedBy.label, served);
  // Per change, how long after the POST's answer it was served (negative: served before the answer arrived).
  line(`${servedBy.label}, after the answer`, served.map((value, i) => value - (answered[i] as number)));
  line(sdkLabel, toSdk);
} finally {
  sdk?.close();
  for (const child of children.reverse()) await stopServer(child);
  await Promise.all(instances.map((instance) => instance.stop()));
  await database.drop();
}
