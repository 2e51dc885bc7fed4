/**
 * In-process evaluation speed: evaluateFlag (what the SDK and the server run per check) against a
 * bare murmur3 call over the same input, which is the floor any bucketing evaluation pays.
 *   npx tsx bench/flags/evaluate.ts
 */
import { bucketOf, evaluateAll, evaluateFlag, type EvaluableFlag, murmur3 } from "@/lib/flags/evaluate";

const ITERATIONS = 2_000_000;
const users = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
const flag: EvaluableFlag = { name: "priority_1_3_constant_time_auth", enabled: true, rolloutPercentage: 50, targetUsers: ["admin1", "admin2"], targetEnvironments: ["staging", "production"] };
const twenty: EvaluableFlag[] = Array.from({ length: 20 }, (_, i) => ({ ...flag, name: `flag_${i}` }));

function measure(label: string, iterations: number, body: (i: number) => unknown): void {
  let sink = 0;
  for (let i = 0; i < 50_000; i++) sink ^= body(i) ? 1 : 0; // warm-up for the JIT
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink ^= body(i) ? 1 : 0;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${label.padEnd(44)} ${Math.round(iterations / seconds).toLocaleString("en").padStart(12)} /s  (${((seconds / iterations) * 1e9).toFixed(0)} ns each)${sink === 2 ? "" : ""}`);
}

console.log(`node ${process.version}, ${ITERATIONS.toLocaleString("en")} iterations each`);
measure("bare murmur3(flag:user)", ITERATIONS, (i) => murmur3(`${flag.name}:${users[i % users.length]}`));
measure("bucketOf(flag, user)", ITERATIONS, (i) => bucketOf(flag.name, users[i % users.length] as string));
measure("evaluateFlag (50 % rollout, env + targets)", ITERATIONS, (i) => evaluateFlag(flag, users[i % users.length], "production").enabled);
measure("evaluateAll, 20 flags for one user", ITERATIONS / 20, (i) => evaluateAll(twenty, users[i % users.length], "production"));
