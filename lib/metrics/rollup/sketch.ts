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

/**
 * Bins packed into one float64 each, `(key + KEY_OFFSET) · COUNT_SPAN + count`, so that a plain
 * numeric sort of a Float64Array orders them by key without a comparator or an object per bin.
 * Keys of 1 % DDSketch stay within ±35,000 for any double, counts below 2^36: exact below 2^53.
 */
const KEY_OFFSET = 2 ** 16;
const COUNT_SPAN = 2 ** 36;
const packedKey = (packed: number) => Math.floor(packed / COUNT_SPAN) - KEY_OFFSET;
const packedCount = (packed: number) => packed % COUNT_SPAN;
const pack = (key: number, count: number) => (key + KEY_OFFSET) * COUNT_SPAN + count;

export class QuantileSketch {
  /** key → count, for values above and below zero (negatives by the key of their magnitude). */
  private readonly positiveBins = new Map<number, number>();
  private readonly negativeBins = new Map<number, number>();
  /**
   * Encoded sketches merged in and not decoded into the maps: a chart reads 1,440 of them and only
   * asks percentiles, which are answered from the bytes (one sorted Float64Array per sign) without
   * building a map per sketch; the maps are filled only to write (encode) or inspect.
   */
  private encoded: Uint8Array[] = [];
  /** Bins held in `encoded`, per sign: the sizes of the arrays a read packs them into. */
  private encodedBins = { positive: 0, negative: 0 };
  zeroCount = 0;
  count = 0;
  /** Bins of both forms, packed and sorted by key, computed once per read of several percentiles. */
  private ordered: { negative: Float64Array; positive: Float64Array } | null = null;

  get positive(): ReadonlyMap<number, number> {
    this.decodePending();
    return this.positiveBins;
  }

  get negative(): ReadonlyMap<number, number> {
    this.decodePending();
    return this.negativeBins;
  }

  accept(value: number): void {
    this.count++;
    this.ordered = null;
    if (value > mapping.minPossible) add(this.positiveBins, mapping.key(value), 1);
    else if (value < -mapping.minPossible) add(this.negativeBins, mapping.key(-value), 1);
    else this.zeroCount++;
  }

  merge(other: QuantileSketch): void {
    for (const [key, count] of other.positiveBins) add(this.positiveBins, key, count);
    for (const [key, count] of other.negativeBins) add(this.negativeBins, key, count);
    // Encoded sketches are immutable bytes: shared, not copied.
    this.encoded.push(...other.encoded);
    this.encodedBins.positive += other.encodedBins.positive;
    this.encodedBins.negative += other.encodedBins.negative;
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
    const clamp = (value: number) => Math.min(max, Math.max(min, value));
    const { negative, positive } = (this.ordered ??= this.orderBins());
    let seen = 0;
    // Negatives ascend as their magnitude descends: their keys from the largest down.
    for (let index = negative.length - 1; index >= 0; index--) {
      seen += packedCount(negative[index]!);
      if (seen >= rank) return clamp(-mapping.value(packedKey(negative[index]!)));
    }
    seen += this.zeroCount;
    if (seen >= rank) return clamp(0);
    for (let index = 0; index < positive.length; index++) {
      seen += packedCount(positive[index]!);
      if (seen >= rank) return clamp(mapping.value(packedKey(positive[index]!)));
    }
    return max;
  }

  /** Varint encoding: zero count, then per sign the number of keys and (key delta, count) pairs. */
  encode(): Buffer {
    this.decodePending();
    const bytes: number[] = [];
    writeVarint(bytes, this.zeroCount);
    for (const bins of [this.positiveBins, this.negativeBins]) {
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
   * Adds encoded sketches' counts to this one. The encoding is self-delimiting, so `encoded` may
   * hold several sketches end to end (PostgreSQL's `string_agg(sketch, '')`: one value per bucket
   * rather than an array to parse). One pass reads the totals; the bins stay in the bytes.
   */
  mergeEncoded(encoded: Uint8Array): void {
    this.ordered = null;
    this.encoded.push(encoded);
    const reader = { bytes: encoded, at: 0 };
    while (reader.at < encoded.length) {
      const zeros = readVarint(reader);
      this.zeroCount += zeros;
      this.count += zeros;
      for (const sign of ["positive", "negative"] as const) {
        const keys = readVarint(reader);
        this.encodedBins[sign] += keys;
        for (let i = 0; i < keys; i++) {
          readVarint(reader);
          this.count += readVarint(reader);
        }
      }
    }
  }

  static decode(encoded: Uint8Array): QuantileSketch {
    const sketch = new QuantileSketch();
    sketch.mergeEncoded(encoded);
    return sketch;
  }

  /** Both signs' bins, from the maps and the encoded bytes, packed, sorted and merged by key. */
  private orderBins(): { negative: Float64Array; positive: Float64Array } {
    const positive = new Float64Array(this.positiveBins.size + this.encodedBins.positive);
    const negative = new Float64Array(this.negativeBins.size + this.encodedBins.negative);
    let positives = 0;
    let negatives = 0;
    for (const [key, count] of this.positiveBins) positive[positives++] = pack(key, count);
    for (const [key, count] of this.negativeBins) negative[negatives++] = pack(key, count);
    // Inline rather than through forEachEncodedBin: this runs for every bucket of every chart.
    for (const encoded of this.encoded) {
      const reader = { bytes: encoded, at: 0 };
      while (reader.at < encoded.length) {
        readVarint(reader);
        let key = 0;
        for (let i = readVarint(reader); i > 0; i--) {
          key += unzigzag(readVarint(reader));
          positive[positives++] = pack(key, readVarint(reader));
        }
        key = 0;
        for (let i = readVarint(reader); i > 0; i--) {
          key += unzigzag(readVarint(reader));
          negative[negatives++] = pack(key, readVarint(reader));
        }
      }
    }
    return { positive: mergeEqualKeys(positive.sort()), negative: mergeEqualKeys(negative.sort()) };
  }

  private forEachEncodedBin(visit: (sign: "positive" | "negative", key: number, count: number) => void): void {
    for (const encoded of this.encoded) {
      const reader = { bytes: encoded, at: 0 };
      while (reader.at < encoded.length) {
        readVarint(reader);
        for (const sign of ["positive", "negative"] as const) {
          let key = 0;
          for (let i = readVarint(reader); i > 0; i--) {
            key += unzigzag(readVarint(reader));
            visit(sign, key, readVarint(reader));
          }
        }
      }
    }
  }

  /** Moves the encoded sketches' bins into the maps (to encode, or to inspect the bins). */
  private decodePending(): void {
    if (this.encoded.length === 0) return;
    this.forEachEncodedBin((sign, key, count) => add(sign === "positive" ? this.positiveBins : this.negativeBins, key, count));
    this.encoded = [];
    this.encodedBins = { positive: 0, negative: 0 };
  }
}

/** Sorted packed bins with each key once: counts of equal keys added (sketches merged). */
function mergeEqualKeys(sorted: Float64Array): Float64Array {
  let out = 0;
  for (let index = 0; index < sorted.length; index++) {
    const value = sorted[index]!;
    if (out > 0 && packedKey(sorted[out - 1]!) === packedKey(value)) sorted[out - 1]! += packedCount(value);
    else sorted[out++] = value;
  }
  return sorted.subarray(0, out);
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
