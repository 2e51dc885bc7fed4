import { escape } from "@influxdata/influxdb-client";

/**
 * One measured point in InfluxDB's data model. Time is in microseconds since the epoch: both stores
 * keep that precision (PostgreSQL's timestamptz has no finer), so a point reads back the same from
 * either. Line-protocol timestamps in nanoseconds are truncated to microseconds on the way in.
 */
export type FieldValue = number | boolean | string;

export interface MetricPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  timeUs: number;
}

/** A point that has no line-protocol form (no fields, a non-finite number): refused for its content, not retried. */
export class PointEncodingError extends Error {
  override name = "PointEncodingError";
}

/**
 * Serialises a point in line protocol with the InfluxDB client's escaping rules (`escape`), numbers
 * as floats, timestamp in µs unless given. Built as one string rather than through the client's
 * `Point`: this runs for every point written, and `Point` cost more per point than InfluxDB's own write.
 */
/** Characters any of the client's escapers may rewrite; most names and values have none. */
const SPECIAL = /[\s,="\\]/;
const measurementOf = (value: string) => (SPECIAL.test(value) ? escape.measurement(value) : value);
const tagOf = (value: string) => (SPECIAL.test(value) ? escape.tag(value) : value);

export function toLineProtocol(point: MetricPoint, timestamp = String(point.timeUs)): string {
  let line = measurementOf(point.measurement);
  for (const key in point.tags) {
    const value = point.tags[key];
    // As `Point`, a tag without a value is left out (line protocol cannot carry one).
    if (value) line += `,${tagOf(key)}=${tagOf(value)}`;
  }
  let separator = " ";
  for (const key in point.fields) {
    const value = point.fields[key]!;
    if (typeof value === "number" && !Number.isFinite(value)) throw new PointEncodingError(`point ${point.measurement}: field ${key} is ${value}`);
    line += `${separator}${tagOf(key)}=${typeof value === "string" ? escape.quoted(value) : typeof value === "boolean" ? (value ? "T" : "F") : String(value)}`;
    separator = ",";
  }
  if (separator === " ") throw new PointEncodingError(`point ${point.measurement} has no fields`);
  return `${line} ${timestamp}`;
}

export const nowUs = (): number => Date.now() * 1000;
