/** Timing helpers the benches share. */
import { readFileSync } from "node:fs";

type Operation = (i: number) => Promise<unknown>;

/** The value at a percentile of the samples, by nearest rank (the p99 of 100 samples is the 99th). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** `n` calls one after another: the latency one request sees, p50 and p99 in ms. */
export async function sequentialLatency(n: number, operation: Operation): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await operation(i);
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** `n` calls with `concurrency` in flight at once: how many a second one process gets through. */
export async function callsPerSecond(n: number, operation: Operation, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await operation(next++);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

/** CPU seconds (user + system) a process has used so far, from /proc: for a bench's peer processes. */
export function processCpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The image's NODE_OPTIONS (deploy/Dockerfile), so a bench runs Opsdeck as production does. */
export function imageNodeOptions(): string {
  return readFileSync("deploy/Dockerfile", "utf8").match(/^ENV NODE_OPTIONS=(.+)$/m)?.[1] ?? "";
}
