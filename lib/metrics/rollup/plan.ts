import { UNROLLED_TAGS } from "@/lib/metrics/measurements";
import type { AggregateQuery } from "@/lib/metrics/store/types";

/** Rollup resolutions in seconds, coarsest first: a query reads the coarsest its step allows. */
export const ROLLUP_RESOLUTIONS = [3600, 60] as const;
export type RollupResolution = (typeof ROLLUP_RESOLUTIONS)[number];

/** The tags a point's rollups keep (all but UNROLLED_TAGS); the point's own object when nothing is left out. */
export function rolledUpTags(measurement: string, tags: Record<string, string>): Record<string, string> {
  const unrolled = UNROLLED_TAGS[measurement];
  if (!unrolled || !unrolled.some((tag) => tag in tags)) return tags;
  return Object.fromEntries(Object.entries(tags).filter(([tag]) => !unrolled.includes(tag)));
}

/** A part of a query's range read at one resolution: a rollup tier, or raw points (null). */
export interface Piece {
  resolutionSeconds: RollupResolution | null;
  fromUs: number;
  toUs: number;
}

/** The rollup tiers that can serve a query: its step is a whole number of buckets and its tags are kept. */
function usableResolutions(query: AggregateQuery): RollupResolution[] {
  const unrolled = UNROLLED_TAGS[query.measurement] ?? [];
  const tags = [...query.groupBy, ...Object.keys(query.where ?? {})];
  if (tags.some((tag) => unrolled.includes(tag))) return [];
  // "Values below a bound" (an SLI's good events) needs each value; rollups keep only their sketch.
  if (query.fieldBelow !== undefined) return [];
  return ROLLUP_RESOLUTIONS.filter((resolution) => query.stepSeconds === null || query.stepSeconds % resolution === 0);
}

/**
 * Covers [from, to) with the coarsest buckets that fit inside it, and the edges with finer ones
 * down to raw points: a 24-hour chart ending now reads 1,439 minute buckets and two partial
 * minutes of raw points, so its first and last buckets hold exactly the points in range.
 */
export function planQuery(query: AggregateQuery): Piece[] {
  const cover = (fromUs: number, toUs: number, tiers: RollupResolution[]): Piece[] => {
    if (fromUs >= toUs) return [];
    const [resolution, ...finer] = tiers;
    if (resolution === undefined) return [{ resolutionSeconds: null, fromUs, toUs }];
    const widthUs = resolution * 1_000_000;
    const start = Math.ceil(fromUs / widthUs) * widthUs;
    const end = Math.floor(toUs / widthUs) * widthUs;
    if (start >= end) return cover(fromUs, toUs, finer);
    return [...cover(fromUs, start, finer), { resolutionSeconds: resolution, fromUs: start, toUs: end }, ...cover(end, toUs, finer)];
  };
  return cover(query.fromUs, query.toUs, usableResolutions(query));
}

/** The coarsest resolution a query reads, for the chart to say ("1-minute buckets"); null for raw points only. */
export function queryResolution(query: AggregateQuery): RollupResolution | null {
  const tiers = planQuery(query).flatMap((piece) => (piece.resolutionSeconds === null ? [] : [piece.resolutionSeconds]));
  return tiers.length ? (Math.max(...tiers) as RollupResolution) : null;
}
