import type { SeriesResolution, SeriesUnit } from "@/lib/metrics/schemas";

/** How each unit reads in tooltips and axes; ratios are drawn as percent. */
export const unitScale: Record<SeriesUnit, number> = { ms: 1, ratio: 100, percent: 1, count: 1, connections: 1, per_hour: 1 };
const unitSuffix: Record<SeriesUnit, string> = { ms: " ms", ratio: " %", percent: " %", count: "", connections: "", per_hour: "/h" };

export function formatValue(value: number | null | undefined, unit: SeriesUnit): string {
  if (value === null || value === undefined) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unitSuffix[unit]}`;
}

const duration = (seconds: number): string => {
  const [amount, unit] = seconds % 86_400 === 0 ? [seconds / 86_400, "day"] : seconds % 3600 === 0 ? [seconds / 3600, "hour"] : seconds % 60 === 0 ? [seconds / 60, "minute"] : [seconds, "second"];
  return `${amount}-${unit}`;
};
const RESOLUTION_SECONDS: Record<Exclude<SeriesResolution, "raw">, number> = { "1m": 60, "1h": 3600 };

/** What a chart's points are: "1-minute buckets", "5-minute buckets from 1-minute rollups", "10-second buckets from raw points". */
export function bucketLabel(stepSeconds: number, resolution: SeriesResolution): string {
  const buckets = `${duration(stepSeconds)} buckets`;
  if (resolution === "raw") return `${buckets} from raw points`;
  const rollup = RESOLUTION_SECONDS[resolution];
  return rollup === stepSeconds ? buckets : `${buckets} from ${duration(rollup)} rollups`;
}
