import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuantileSketch, SKETCH_RELATIVE_ACCURACY } from "@/lib/metrics/rollup/sketch";

/** InfluxQL's nearest rank, on the exact values. */
function exactPercentile(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.floor((sorted.length * p) / 100 + 0.5);
  return rank < 1 ? null : sorted[Math.min(rank, sorted.length) - 1]!;
}

const sketchOf = (values: number[]) => {
  const sketch = new QuantileSketch();
  for (const value of values) sketch.accept(value);
  return sketch;
};

// Heavy tails: Pareto-like magnitudes spanning nine orders, both signs and exact zeros.
const value = fc.oneof(
  fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map((u) => 5 * (1 - u) ** (-1 / 1.1)),
  fc.double({ min: -1e4, max: -1e-3, noNaN: true }),
  fc.constant(0),
);
const p = fc.oneof(fc.constantFrom(1, 50, 90, 95, 99, 99.9), fc.double({ min: 0, max: 100, noNaN: true }));

describe("the rollup sketch", () => {
  it("answers every nearest-rank percentile within 1 % of the exact value, even split and merged", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), fc.nat(), p, (values, cut, percentile) => {
        const split = cut % values.length;
        const merged = sketchOf(values.slice(0, split));
        merged.merge(QuantileSketch.decode(sketchOf(values.slice(split)).encode()));
        const want = exactPercentile(values, percentile);
        const got = merged.percentile(percentile, Math.min(...values), Math.max(...values));
        if (want === null) return got === null;
        return Math.abs(got! - want) <= Math.abs(want) * SKETCH_RELATIVE_ACCURACY;
      }),
      { numRuns: 300 },
    );
  });

  it("has no p1 for fewer than 50 values, as the raw stores", () => {
    const sketch = sketchOf(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(sketch.percentile(1, 1, 10)).toBeNull();
    expect(sketch.percentile(100, 1, 10)).toBe(10);
  });

  it("encodes a minute of latencies in a few dozen bytes and decodes it to the same counts", () => {
    const sketch = sketchOf(Array.from({ length: 700 }, (_, i) => 450 + (i % 100)));
    const encoded = sketch.encode();
    expect(encoded.length).toBeLessThan(64);
    const decoded = QuantileSketch.decode(encoded);
    expect([decoded.count, [...decoded.positive.entries()].sort()]).toEqual([700, [...sketch.positive.entries()].sort()]);
  });
});
