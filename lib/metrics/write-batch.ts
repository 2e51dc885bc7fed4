import type { MetricPoint } from "@/lib/metrics/point";
import type { RollupDelta } from "@/lib/metrics/rollup/state";

/**
 * The lines of one body that were already written exactly as the InfluxDB store writes them
 * (line protocol as toLineProtocol gives it, µs timestamps), kept as their text, with the rollup
 * deltas of their points folded while they were parsed: a store that writes line protocol sends
 * the text as it came and inserts the deltas, and no point object is built for any of them (the
 * write bench's profile had those objects and their collection as the ingest path's largest cost).
 * The store that needs points, and the bisection that finds a line a store refuses, parse the
 * text back (pointsOf in lib/metrics/line-protocol.ts).
 */
export interface CanonicalLines {
  /** The lines as UTF-8, in pieces of one or more whole lines each (a run of them is one slice of the body), to be joined by "\n". */
  readonly text: Buffer[];
  /** How many lines the pieces hold. */
  readonly count: number;
  readonly deltas: RollupDelta[];
}

/** What a metrics store is given to write: points, or the canonical lines of a body. */
export type MetricsWrite = MetricPoint | CanonicalLines;

export const isCanonicalLines = (item: MetricsWrite): item is CanonicalLines => "deltas" in item;

/** Points a batch holds: a body's canonical lines count one each. */
export const pointsIn = (item: MetricsWrite): number => (isCanonicalLines(item) ? item.count : 1);
