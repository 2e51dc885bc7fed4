import { DDSketch } from "@datadog/sketches-js";

/**
 * The quantile sketch kept in every rollup bucket: DDSketch (Masson, Rim & Lee, VLDB 2019) with
 * relative accuracy α = 1 %. Every value falls into the bucket of key ⌈log_γ v⌉, γ = (1+α)/(1−α),
 * whose representative value is within α of every value in it — so the value this sketch reports
 * for a rank is within 1 % of the exact value at that rank, whatever the distribution's tail.
 * 1 % is DDSketch's own default, below what a chart shows, and keeps a latency bucket to tens of
 * keys (450–550 ms spans 11 keys): a minute's sketch is ~30 bytes.
 *
 * The key mapping — the part carrying the guarantee — is @datadog/sketches-js's LogarithmicMapping.
 * The bins and their encoding are Opsdeck's: the library's protobuf encoding spends ~1 KB and
 * ~0.35 ms per sketch (dense double counts padded to 128 bins), too slow to merge 1,440 sketches
 * per chart, and its 2.1 merge drops negative values.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

const mapping = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY }).mapping;

export class QuantileSketch {
  /** key → count, for values above and below zero (negatives by the key of their magnitude). */
  readonly positive = new Map<number, number>();
  readonly negative = new Map<number, number>();
  zeroCount = 0;
  count = 0;
  /** Keys in value order, computed once per read of several percentiles. */
  private ordered: { negative: number[]; positive: number[] } | null = null;

  accept(value: number): void {
    this.count++;
    this.ordered = null;
    if (value > mapping.minPossible) add(this.positive, mapping.key(value), 1);
    else if (value < -mapping.minPossible) add(this.negative, mapping.key(-value), 1);
    else this.zeroCount++;
  }

  merge(other: QuantileSketch): void {
    for (const [key, count] of other.positive) add(this.positive, key, count);
    for (const [key, count] of other.negative) add(this.negative, key, count);
    this.zeroCount += other.zeroCount;
    this.count += other.count;
    this.ordered = null;
  }

  /**
   * The nearest-rank percentile, as the stores define it for raw points: the value at 1-based rank
   * floor(n·p/100 + 0.5), null when that rank is below 1. Answered by the representative value of
   * the key holding that rank, clamped to the bucket's exact min and max.
   */
  percentile(p: number, min: number, max: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.min(this.count, Math.floor((this.count * p) / 100 + 0.5));
    if (rank < 1) return null;
    let seen = 0;
    const clamp = (value: number) => Math.min(max, Math.max(min, value));
    // Negatives ascend as their magnitude descends.
    this.ordered ??= { negative: [...this.negative.keys()].sort((a, b) => b - a), positive: [...this.positive.keys()].sort((a, b) => a - b) };
    for (const key of this.ordered.negative) {
      seen += this.negative.get(key)!;
      if (seen >= rank) return clamp(-mapping.value(key));
    }
    seen += this.zeroCount;
    if (seen >= rank) return clamp(0);
    for (const key of this.ordered.positive) {
      seen += this.positive.get(key)!;
      if (seen >= rank) return clamp(mapping.value(key));
    }
    return max;
  }

  /** Varint encoding: zero count, then per sign the number of keys and (key delta, count) pairs. */
  encode(): Buffer {
    const bytes: number[] = [];
    writeVarint(bytes, this.zeroCount);
    for (const bins of [this.positive, this.negative]) {
      const keys = [...bins.keys()].sort((a, b) => a - b);
      writeVarint(bytes, keys.length);
      let previous = 0;
      for (const key of keys) {
        writeVarint(bytes, zigzag(key - previous));
        writeVarint(bytes, bins.get(key)!);
        previous = key;
      }
    }
    return Buffer.from(bytes);
  }

  /**
   * Adds encoded sketches' counts to this one, decoding and merging in one pass. The encoding is
   * self-delimiting, so `encoded` may hold several sketches end to end (PostgreSQL's
   * `string_agg(sketch, '')`: one value per bucket rather than an array to parse).
   */
  mergeEncoded(encoded: Uint8Array): void {
    this.ordered = null;
    const reader = { bytes: encoded, at: 0 };
    while (reader.at < encoded.length) {
      const zeros = readVarint(reader);
      this.zeroCount += zeros;
      this.count += zeros;
      for (const bins of [this.positive, this.negative]) {
        const keys = readVarint(reader);
        let key = 0;
        for (let i = 0; i < keys; i++) {
          key += unzigzag(readVarint(reader));
          const count = readVarint(reader);
          add(bins, key, count);
          this.count += count;
        }
      }
    }
  }

  static decode(encoded: Uint8Array): QuantileSketch {
    const sketch = new QuantileSketch();
    sketch.mergeEncoded(encoded);
    return sketch;
  }
}

function add(bins: Map<number, number>, key: number, count: number): void {
  bins.set(key, (bins.get(key) ?? 0) + count);
}

const zigzag = (value: number) => (value < 0 ? -2 * value - 1 : 2 * value);
const unzigzag = (value: number) => (value % 2 === 1 ? -(value + 1) / 2 : value / 2);

function writeVarint(bytes: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
}

function readVarint(reader: { bytes: Uint8Array; at: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = reader.bytes[reader.at++];
    if (byte === undefined) throw new Error("truncated sketch");
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
}
