import type { FieldValue, MetricPoint } from "@/lib/metrics/point";
import { QuantileSketch } from "@/lib/metrics/rollup/sketch";
import type { Aggregate } from "@/lib/metrics/aggregate";

/**
 * What a rollup bucket keeps of one field of one series: enough to answer every aggregate the
 * stores offer — count, sum and mean exactly, min, max and last exactly, percentiles from the
 * sketch. States merge (buckets into wider buckets, series into groups, late points into their
 * bucket) without losing any of that.
 */
export interface RollupState {
  count: number;
  /** Over numeric values; min/max are ±Infinity while there is none. */
  sum: number;
  min: number;
  max: number;
  last: FieldValue | null;
  lastTimeUs: number;
  /** Null for fields without numeric values (messages). */
  sketch: QuantileSketch | null;
}

export const emptyState = (): RollupState => ({ count: 0, sum: 0, min: Infinity, max: -Infinity, last: null, lastTimeUs: -Infinity, sketch: null });

export function acceptValue(state: RollupState, value: FieldValue, timeUs: number): void {
  state.count++;
  if (typeof value === "number") {
    state.sum += value;
    if (value < state.min) state.min = value;
    if (value > state.max) state.max = value;
    (state.sketch ??= new QuantileSketch()).accept(value);
  }
  // The later point wins; of two at the same time, the one seen later (as InfluxDB overwrites).
  if (timeUs >= state.lastTimeUs) {
    state.last = value;
    state.lastTimeUs = timeUs;
  }
}

export function mergeState(into: RollupState, from: RollupState): void {
  into.count += from.count;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  if (from.lastTimeUs >= into.lastTimeUs) {
    into.last = from.last;
    into.lastTimeUs = from.lastTimeUs;
  }
  if (from.sketch) (into.sketch ??= new QuantileSketch()).merge(from.sketch);
}

/** One aggregate of a merged state, as the raw stores answer it (booleans as 1/0, like the SQL store). */
export function finalise(state: RollupState, aggregate: Aggregate): number | string | null {
  const numeric = Number.isFinite(state.min);
  switch (aggregate.fn) {
    case "count":
      return state.count;
    case "sum":
      return numeric ? state.sum : null;
    case "mean":
      return numeric ? state.sum / state.count : null;
    case "min":
      return numeric ? state.min : null;
    case "max":
      return numeric ? state.max : null;
    case "last":
      return typeof state.last === "boolean" ? Number(state.last) : state.last;
    case "percentile":
      return numeric && state.sketch ? state.sketch.percentile(aggregate.p, state.min, state.max) : null;
  }
}

/** One bucket of one field of one series at one resolution, as written to the rollup table. */
export interface RollupDelta {
  resolutionSeconds: number;
  measurement: string;
  field: string;
  /** Only the tags rollups keep (see rolledUpTags). */
  tags: Record<string, string>;
  bucketUs: number;
  state: RollupState;
}

/** One series' deltas being built: bucket (µs) → field → delta, per resolution. */
interface SeriesDeltas {
  measurement: string;
  tags: Record<string, string>;
  byResolution: Array<Map<number, Map<string, RollupDelta>>>;
  /** The finest delta a value went into last: the series' next value nearly always goes there too. */
  last: RollupDelta | null;
}

function finestDeltaFor(series: SeriesDeltas, resolutionSeconds: number, bucketUs: number, field: string): RollupDelta {
  const buckets = series.byResolution[0]!;
  let fields = buckets.get(bucketUs);
  if (!fields) buckets.set(bucketUs, (fields = new Map()));
  let delta = fields.get(field);
  if (!delta) fields.set(field, (delta = { resolutionSeconds, measurement: series.measurement, field, tags: series.tags, bucketUs, state: emptyState() }));
  return delta;
}

/**
 * Values folded into rollup deltas as they come, one delta per (resolution, series, field,
 * bucket) touched: inserting them adds the values to the buckets, wherever in time they fall.
 * Values go into the finest resolution; `deltas` merges those into the coarser ones, so each value
 * is handled once. A series is looked up by its tags object first (the points of one series in a
 * parsed body share it), and by its text only the first time an object is seen, so a value costs
 * no key string.
 */
export class RollupFold {
  private readonly resolutions: number[];
  private readonly finestUs: number;
  private readonly byTagsObject = new Map<Record<string, string>, SeriesDeltas>();
  private readonly byText = new Map<string, SeriesDeltas>();

  constructor(
    resolutionsSeconds: readonly number[],
    private readonly rolledUpTags: (measurement: string, tags: Record<string, string>) => Record<string, string>,
  ) {
    this.resolutions = [...resolutionsSeconds].sort((a, b) => a - b);
    if (this.resolutions.length === 0) throw new Error("a rollup needs a resolution");
    this.finestUs = this.resolutions[0]! * 1_000_000;
  }

  /** One field's value of a point of the series `measurement` + `tags`, at `timeUs`. */
  accept(measurement: string, tags: Record<string, string>, field: string, value: FieldValue, timeUs: number): void {
    let series = this.byTagsObject.get(tags);
    if (series?.measurement !== measurement) {
      const kept = this.rolledUpTags(measurement, tags);
      // Tags in a different order make a second delta of the same bucket: harmless, rows merge.
      let text = measurement;
      for (const tag in kept) text += `\u0000${tag}=${kept[tag]}`;
      series = this.byText.get(text);
      if (!series) this.byText.set(text, (series = { measurement, tags: kept, byResolution: this.resolutions.map(() => new Map()), last: null }));
      this.byTagsObject.set(tags, series);
    }
    const bucketUs = Math.floor(timeUs / this.finestUs) * this.finestUs;
    let delta = series.last;
    if (delta?.bucketUs !== bucketUs || delta.field !== field) series.last = delta = finestDeltaFor(series, this.resolutions[0]!, bucketUs, field);
    acceptValue(delta.state, value, timeUs);
  }

  /**
   * Every delta of what was folded, finest resolution first. A coarser bucket that only one finer
   * bucket went into (a body's points of a series nearly always fall in one minute) shares that
   * bucket's state rather than copying it, so its sketch is neither merged nor encoded twice:
   * the deltas are to be read, not changed.
   */
  deltas(): RollupDelta[] {
    const deltas: RollupDelta[] = [];
    for (const series of this.byText.values()) {
      for (const fields of series.byResolution[0]!.values()) deltas.push(...fields.values());
    }
    for (let tier = 1; tier < this.resolutions.length; tier++) {
      const resolutionSeconds = this.resolutions[tier]!;
      const coarseWidthUs = resolutionSeconds * 1_000_000;
      /** Coarse deltas holding a state of their own, merged from several finer ones. */
      const merged = new Set<RollupDelta>();
      for (const series of this.byText.values()) {
        const coarse = series.byResolution[tier]!;
        for (const [bucketUs, fields] of series.byResolution[0]!) {
          const coarseBucketUs = Math.floor(bucketUs / coarseWidthUs) * coarseWidthUs;
          let coarseFields = coarse.get(coarseBucketUs);
          if (!coarseFields) coarse.set(coarseBucketUs, (coarseFields = new Map()));
          for (const [field, delta] of fields) {
            const existing = coarseFields.get(field);
            if (!existing) coarseFields.set(field, { ...delta, resolutionSeconds, bucketUs: coarseBucketUs });
            else {
              if (!merged.has(existing)) {
                const own = emptyState();
                mergeState(own, existing.state);
                existing.state = own;
                merged.add(existing);
              }
              mergeState(existing.state, delta.state);
            }
          }
        }
        for (const fields of coarse.values()) deltas.push(...fields.values());
      }
    }
    return deltas;
  }
}

/** A batch of points as rollup deltas (see RollupFold). */
export function rollUp(points: MetricPoint[], resolutionsSeconds: readonly number[], rolledUpTags: (measurement: string, tags: Record<string, string>) => Record<string, string>): RollupDelta[] {
  const fold = new RollupFold(resolutionsSeconds, rolledUpTags);
  for (const point of points) for (const field in point.fields) fold.accept(point.measurement, point.tags, field, point.fields[field]!, point.timeUs);
  return fold.deltas();
}
