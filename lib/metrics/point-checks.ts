import type { FieldValue } from "@/lib/metrics/point";

/** How far ahead of the server's clock a timestamp may be: clock skew, not a unit mistake. */
export const MAX_FUTURE_US = 60 * 60 * 1_000_000;

type FieldType = "number" | "boolean" | "string";
const typeOf = (value: FieldValue): FieldType => (typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string");

type TypesByMeasurement = Map<string, Map<string, FieldType>>;

/**
 * Checks on well-formed points before they are stored, each refusing one point with its reason:
 * a timestamp over an hour ahead (usually seconds sent as milliseconds, or ms as ns), and a field
 * whose type differs from the type it had in earlier points of the measurement — which InfluxDB
 * would refuse for the whole batch, and which would make the field's rollups meaningless.
 * Non-finite numbers (NaN, ±Infinity) never parse. Types are learnt from the bodies this process
 * accepted; after a restart the first type seen again sets it.
 */
export class PointChecks {
  /** measurement → field → type; nested rather than one "measurement\0field" key, so a point costs no key string. */
  private readonly types: TypesByMeasurement = new Map();

  constructor(private readonly maxFutureUs = MAX_FUTURE_US) {}

  /** The checks of one body read at `nowUs`: what its points teach is remembered only once the body is accepted (`commit`). */
  forBody(nowUs: number): BodyChecks {
    return new BodyChecks(this.types, this.maxFutureUs, nowUs);
  }
}

/**
 * One body's checks: its points are checked against the types known before it and those its
 * earlier points set. A body refused whole (413, over the limit) is never committed, so its points
 * — none of them stored — cannot make a later body's points look like a type conflict. A point is
 * given as its parts (the parser reads the common line without building a point object).
 */
export class BodyChecks {
  private readonly learnt: TypesByMeasurement = new Map();

  constructor(
    private readonly known: TypesByMeasurement,
    private readonly maxFutureUs: number,
    private readonly nowUs: number,
  ) {}

  /** The reason to refuse a point at `timeUs` for its time, or null. */
  timestamp(timeUs: number): string | null {
    if (timeUs <= this.nowUs + this.maxFutureUs) return null;
    return `timestamp ${new Date(timeUs / 1000).toISOString()} is more than ${this.maxFutureUs / 3_600_000_000} h in the future (check the precision)`;
  }

  /**
   * The reason to refuse a point of `measurement` with the first `count` of `keys` and `values`
   * for a field's type, or null — and then its field types hold for the rest of the body.
   */
  fields(measurement: string, keys: readonly string[], values: readonly FieldValue[], count: number): string | null {
    const known = this.known.get(measurement);
    let learnt = this.learnt.get(measurement);
    let unknown = false;
    for (let index = 0; index < count; index++) {
      const field = keys[index]!;
      const type = known?.get(field) ?? learnt?.get(field);
      if (type === undefined) unknown = true;
      else if (type !== typeOf(values[index]!)) return `field ${field}: ${typeOf(values[index]!)}, but earlier ${measurement} points have it as ${type}`;
    }
    // Learnt only from a point that passes, so a refused point teaches nothing.
    if (unknown) {
      if (!learnt) this.learnt.set(measurement, (learnt = new Map()));
      for (let index = 0; index < count; index++) {
        const field = keys[index]!;
        if (!known?.has(field) && !learnt.has(field)) learnt.set(field, typeOf(values[index]!));
      }
    }
    return null;
  }

  /** The body was accepted: the types its points set now hold for every later body. */
  commit(): void {
    for (const [measurement, fields] of this.learnt) {
      let known = this.known.get(measurement);
      if (!known) this.known.set(measurement, (known = new Map()));
      // A concurrent body may have set a field first; the type that reached the store first stays.
      for (const [field, type] of fields) if (!known.has(field)) known.set(field, type);
    }
    this.learnt.clear();
  }
}
