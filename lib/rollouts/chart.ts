import { GUARD_METRICS, type Evaluation, type Guard } from "@/lib/rollouts/schemas";

/**
 * Chart preparation for one guard: its evaluations (oldest first) as rows of treatment and control
 * values, and the effect with its confidence band against the limit. Pure, so it is tested alone.
 */
export interface GuardChartRow {
  time: number;
  treatment: number | null;
  control: number | null;
  effect: number | null;
  /** [lower, upper] of the band, for an area. */
  band: [number, number] | null;
}

export interface GuardChart {
  rows: GuardChartRow[];
  /** The relative margin (effect units) when the guard has one. */
  limit: number | null;
  /** The absolute threshold (arm units) when the guard has one. */
  threshold: number | null;
  valueUnit: string;
  effectUnit: string;
}

export function guardChart(evaluations: Evaluation[], guard: Guard, index: number): GuardChart {
  const rate = GUARD_METRICS[guard.metric].kind === "rate";
  const rows: GuardChartRow[] = [];
  for (const evaluation of [...evaluations].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const result = evaluation.verdict.guards.find((candidate) => candidate.index === index);
    if (!result) continue;
    const bound = result.relative;
    rows.push({
      time: Date.parse(evaluation.at),
      treatment: result.treatment.value,
      control: result.control.value,
      effect: bound ? bound.effect : null,
      band: bound ? [bound.lower, bound.upper] : null,
    });
  }
  return {
    rows,
    limit: guard.relativeMargin ?? null,
    threshold: guard.absoluteThreshold ?? null,
    valueUnit: GUARD_METRICS[guard.metric].unit,
    effectUnit: rate ? "points" : "%",
  };
}
