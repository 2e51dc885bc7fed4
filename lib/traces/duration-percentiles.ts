/**
 * The p50 and p99 of listed trace durations, nearest rank rounded half up (the value at 1-based
 * rank floor(n·p/100 + 0.5) of the sorted durations), the rule the metrics stores use, so the
 * trace list and a chart of the same traces agree. Null when the rank is below 1 (no traces, or
 * too few for that percentile).
 */
export function nearestRankPercentile(sorted: readonly number[], p: number): number | null {
  const rank = Math.min(sorted.length, Math.floor((sorted.length * p) / 100 + 0.5));
  return rank < 1 ? null : (sorted[rank - 1] as number);
}

export function durationPercentiles(durationsMs: readonly number[]): { p50: number | null; p99: number | null } {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return { p50: nearestRankPercentile(sorted, 50), p99: nearestRankPercentile(sorted, 99) };
}
