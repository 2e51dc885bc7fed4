import type { RuleInput, Selector, SloInput } from "@/lib/alerts/schemas";
import type { SeriesRequest } from "@/lib/alerts/batch";
import { parseDuration } from "@/lib/alerts/duration";
import { alertFingerprint } from "@/lib/alerts/fingerprint";
import { queryableMeasurement } from "@/lib/alerts/measurements";
import { type CountBucket } from "@/lib/alerts/slo-math";
import { compare, type Observation } from "@/lib/alerts/state-machine";
import type { AggregateRow } from "@/lib/metrics/store/types";

/**
 * From rules and SLOs to the series the store must answer, and from the answers back to values:
 * pure, so the evaluator's only I/O is one batched round of store queries.
 */
type RuleLike = Pick<RuleInput, "name" | "query" | "comparison" | "threshold"> & { labels: Record<string, string> };

const countOf = (selector: Selector, groupBy: string[], fromMs: number, toMs: number, stepSeconds: number | null): SeriesRequest => ({
  measurement: selector.measurement,
  field: selector.field ?? queryableMeasurement(selector.measurement)?.fields[0] ?? "value",
  fieldBelow: selector.below,
  fromUs: fromMs * 1000,
  toUs: toMs * 1000,
  stepSeconds,
  groupBy,
  where: selector.where ?? {},
  aggregate: { fn: "count" },
});

/** The requests one rule needs at `nowMs`: its window ending now, one bucket. */
export function ruleRequests(rule: RuleLike, nowMs: number): SeriesRequest[] {
  const fromMs = nowMs - (parseDuration(rule.query.window) as number);
  const query = rule.query;
  if (query.kind === "aggregate") {
    return [
      {
        measurement: query.measurement,
        field: query.field,
        fromUs: fromMs * 1000,
        toUs: nowMs * 1000,
        stepSeconds: null,
        groupBy: query.groupBy,
        where: query.where ?? {},
        aggregate: query.aggregate,
      },
    ];
  }
  return [countOf(query.numerator, query.groupBy, fromMs, nowMs, null), countOf(query.denominator, query.groupBy, fromMs, nowMs, null)];
}

const seriesKey = (tags: Record<string, string>) => JSON.stringify(Object.entries(tags).sort());
const num = (value: unknown) => (typeof value === "number" ? value : null);

/** The alert labels of one series: alertname, the rule's labels, then the series' non-empty tags. */
export function seriesLabels(rule: { name: string; labels: Record<string, string> }, tags: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = { alertname: rule.name, ...rule.labels };
  for (const [tag, value] of Object.entries(tags)) if (value !== "") labels[tag] = value;
  return labels;
}

/** One observation per series the store answered; ratio series without denominator events are left out. */
export function ruleObservations(rule: RuleLike, rows: AggregateRow[][]): Observation[] {
  const values: Array<{ tags: Record<string, string>; value: number }> = [];
  if (rule.query.kind === "aggregate") {
    for (const row of rows[0] ?? []) {
      const value = num(row.values[0]);
      if (value !== null) values.push({ tags: row.tags, value });
    }
  } else {
    const numerators = new Map((rows[0] ?? []).map((row) => [seriesKey(row.tags), num(row.values[0]) ?? 0]));
    for (const row of rows[1] ?? []) {
      const denominator = num(row.values[0]) ?? 0;
      if (denominator > 0) values.push({ tags: row.tags, value: (numerators.get(seriesKey(row.tags)) ?? 0) / denominator });
    }
  }
  return values.map(({ tags, value }) => {
    const labels = seriesLabels(rule, tags);
    return { fingerprint: alertFingerprint(labels), labels, value, active: compare(value, rule.comparison, rule.threshold) };
  });
}

// --- SLOs ------------------------------------------------------------------------------------

export const FINE_STEP_S = 60;
export const COARSE_STEP_S = 300;
/** Fine buckets cover the short burn windows (5 m … 6 h); coarse ones the 3 d window and the budget. */
export const FINE_SPAN_MS = 6 * 3_600_000;

export interface SloClock {
  /** End of the fine windows: the last whole minute. */
  fineEndMs: number;
  /** End of the coarse windows: the last whole five minutes. */
  coarseEndMs: number;
}

export const sloClock = (nowMs: number): SloClock => ({
  fineEndMs: Math.floor(nowMs / (FINE_STEP_S * 1000)) * FINE_STEP_S * 1000,
  coarseEndMs: Math.floor(nowMs / (COARSE_STEP_S * 1000)) * COARSE_STEP_S * 1000,
});

type SloLike = Pick<SloInput, "sli" | "window">;

/** Total and good-or-bad counts per bucket, fine and coarse: four requests per SLO (batched across SLOs). */
export function sloRequests(slo: SloLike, clock: SloClock): SeriesRequest[] {
  const windowMs = parseDuration(slo.window) as number;
  const part = (slo.sli.good ?? slo.sli.bad) as Selector;
  const fine = (selector: Selector) => countOf(selector, [], clock.fineEndMs - FINE_SPAN_MS, clock.fineEndMs, FINE_STEP_S);
  const coarse = (selector: Selector) => countOf(selector, [], clock.coarseEndMs - windowMs, clock.coarseEndMs, COARSE_STEP_S);
  return [fine(slo.sli.total), fine(part), coarse(slo.sli.total), coarse(part)];
}

/** Buckets of good and total events from a total series and a good (or bad) series. */
export function countBuckets(slo: SloLike, totalRows: AggregateRow[], partRows: AggregateRow[]): CountBucket[] {
  const part = new Map(partRows.map((row) => [row.time, num(row.values[0]) ?? 0]));
  return totalRows.map((row) => {
    const total = num(row.values[0]) ?? 0;
    const counted = part.get(row.time) ?? 0;
    return { time: row.time, total, good: slo.sli.good ? Math.min(counted, total) : Math.max(0, total - counted) };
  });
}
