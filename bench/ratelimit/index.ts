/**
 * Rate-limiter benchmark against the real Redis (REDIS_URL, default the local one), from one
 * process: limiter decisions a second, and the latency the limiter adds to each API request,
 * next to a bare Redis PING round trip as the floor. Keys live under a prefix of this run's own
 * and are deleted afterwards; nothing is flushed.
 *
 *   npx tsx bench/ratelimit/index.ts [--requests 20000] [--concurrency 64]
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { apiBuckets, DEFAULT_SETTINGS } from "@/lib/ratelimit/config";
import { redisRateLimitStore } from "@/lib/ratelimit/store/redis";
import { callsPerSecond, sequentialLatency } from "@/bench/measure";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "20000" }, concurrency: { type: "string", default: "64" } },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `opsdeck-bench:${randomUUID()}:`;
const redis = new Redis(url);
const store = redisRateLimitStore(redis, prefix);

// The shape of an API request's decision: the route's bucket and the caller's quota, for 1,000 callers.
const callers = Array.from({ length: 1_000 }, (_, i) => ({ kind: "token" as const, id: `bench-${i}` }));
const decide = (i: number) => store.take(apiBuckets(DEFAULT_SETTINGS, { path: "/api/bench" }, callers[i % callers.length]!));
const ping = () => redis.ping();

await redis.ping();
// Warm up: load the script, open the connection's buffers, let the JIT settle.
for (let i = 0; i < 2_000; i++) await decide(i);

const pingLatency = await sequentialLatency(REQUESTS, ping);
const decisionLatency = await sequentialLatency(REQUESTS, decide);
const pingRate = await callsPerSecond(REQUESTS * 2, ping, CONCURRENCY);
const decisionRate = await callsPerSecond(REQUESTS * 2, decide, CONCURRENCY);

const keys = await redis.keys(`${prefix}*`);
for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
redis.disconnect();

const ms = (value: number) => `${value.toFixed(3)} ms`;
const rate = (value: number) => `${Math.round(value).toLocaleString("en")}/s`;
console.log(`Redis ${url}, one process, ${REQUESTS} sequential calls; throughput with ${CONCURRENCY} in flight`);
console.table({
  "PING (floor)": { p50: ms(pingLatency.p50), p99: ms(pingLatency.p99), throughput: rate(pingRate) },
  "limiter decision (route + quota, one Lua script)": { p50: ms(decisionLatency.p50), p99: ms(decisionLatency.p99), throughput: rate(decisionRate) },
});
console.log(`Added latency per API request (p99): ${ms(decisionLatency.p99)} = ${(decisionLatency.p99 / pingLatency.p99).toFixed(2)} × a bare PING round trip`);
console.log(`Decisions a second: ${rate(decisionRate)} = ${((decisionRate / pingRate) * 100).toFixed(0)} % of PINGs a second`);
