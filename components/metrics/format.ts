import type { SeriesUnit } from "@/lib/metrics/schemas";

/** How each unit reads in tooltips and axes; ratios are drawn as percent. */
export const unitScale: Record<SeriesUnit, number> = { ms: 1, ratio: 100, percent: 1, count: 1, connections: 1, per_hour: 1 };
const unitSuffix: Record<SeriesUnit, string> = { ms: " ms", ratio: " %", percent: " %", count: "", connections: "", per_hour: "/h" };

export function formatValue(value: number | null | undefined, unit: SeriesUnit): string {
  if (value === null || value === undefined) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unitSuffix[unit]}`;
}
