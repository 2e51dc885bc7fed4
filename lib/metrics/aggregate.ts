/**
 * What a metrics query computes over one field in each bucket (see AggregateQuery in
 * lib/metrics/store/types.ts). Percentiles are nearest-rank, rounded half up, exactly as
 * InfluxQL's PERCENTILE(): sort the bucket's n values and take the value at 1-based rank
 * floor(n·p/100 + 0.5); no value when that rank is below 1 (e.g. p1 of fewer than 50 values).
 */
export type Aggregate =
  | { fn: "count" }
  | { fn: "sum" }
  | { fn: "mean" }
  | { fn: "min" }
  | { fn: "max" }
  | { fn: "last" }
  | { fn: "percentile"; p: number };
