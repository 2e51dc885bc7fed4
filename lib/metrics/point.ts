import { Point } from "@influxdata/influxdb-client";

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

/** Serialises a point with the InfluxDB client's `Point` (its escaping rules), timestamp in µs. */
/** A point that has no line-protocol form (no fields): refused for its content, not retried. */
export class PointEncodingError extends Error {
  override name = "PointEncodingError";
}

export function toLineProtocol(point: MetricPoint): string {
  const built = new Point(point.measurement);
  for (const [key, value] of Object.entries(point.tags)) built.tag(key, value);
  for (const [key, value] of Object.entries(point.fields)) {
    if (typeof value === "number") built.floatField(key, value);
    else if (typeof value === "boolean") built.booleanField(key, value);
    else built.stringField(key, value);
  }
  built.timestamp(String(point.timeUs));
  const line = built.toLineProtocol();
  if (!line) throw new PointEncodingError(`point ${point.measurement} has no fields`);
  return line;
}

export const nowUs = (): number => Date.now() * 1000;
