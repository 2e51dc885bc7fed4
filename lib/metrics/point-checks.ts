import type { FieldValue, MetricPoint } from "@/lib/metrics/point";

/** How far ahead of the server's clock a timestamp may be: clock skew, not a unit mistake. */
export const MAX_FUTURE_US = 60 * 60 * 1_000_000;

type FieldType = "number" | "boolean" | "string";
const typeOf = (value: FieldValue): FieldType => (typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string");

/**
 * Checks on well-formed points before they are stored, each refusing one point with its reason:
 * a timestamp over an hour ahead (usually seconds sent as milliseconds, or ms as ns), and a field
 * whose type differs from the type it had in earlier points of the measurement — which InfluxDB
 * would refuse for the whole batch, and which would make the field's rollups meaningless.
 * Non-finite numbers (NaN, ±Infinity) never parse. Types are learnt from the points this process
 * accepted; after a restart the first type seen again sets it.
 */
export class PointChecks {
  /** measurement → field → type; nested rather than one "measurement\0field" key, so a point costs no key string. */
  private readonly types = new Map<string, Map<string, FieldType>>();

  constructor(private readonly maxFutureUs = MAX_FUTURE_US) {}

  /** The reason to refuse `point`, or null — and then its field types are remembered. */
  check(point: MetricPoint, nowUs: number): string | null {
    if (point.timeUs > nowUs + this.maxFutureUs) {
      return `timestamp ${new Date(point.timeUs / 1000).toISOString()} is more than ${this.maxFutureUs / 3_600_000_000} h in the future (check the precision)`;
    }
    let fields = this.types.get(point.measurement);
    let unknown = false;
    for (const field in point.fields) {
      const known = fields?.get(field);
      if (known === undefined) unknown = true;
      else if (known !== typeOf(point.fields[field]!)) return `field ${field}: ${typeOf(point.fields[field]!)}, but earlier ${point.measurement} points have it as ${known}`;
    }
    // Learnt only from a point that passes, so a refused point teaches nothing.
    if (unknown) {
      if (!fields) this.types.set(point.measurement, (fields = new Map()));
      for (const field in point.fields) if (!fields.has(field)) fields.set(field, typeOf(point.fields[field]!));
    }
    return null;
  }
}
