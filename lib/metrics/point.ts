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
  /**
   * The point in line protocol (µs timestamp), when the parser found its line already written
   * exactly as toLineProtocol writes it: the InfluxDB store sends that text instead of encoding
   * the point again. The line-protocol tests check it against toLineProtocol.
   */
  line?: string;
}

/** A point that has no line-protocol form (no fields, a non-finite number): refused for its content, not retried. */
export class PointEncodingError extends Error {
  override name = "PointEncodingError";
}

/** Characters any of the client's escapers may rewrite; most names and values have none. */
const SPECIAL = /[\s,="\\]/;
const measurementOf = (value: string) => (SPECIAL.test(value) ? escape.measurement(value) : value);
const tagOf = (value: string) => (SPECIAL.test(value) ? escape.tag(value) : value);

/** The measurement and tags in line protocol (InfluxDB's series key); as `Point`, a tag without a value is left out. */
export function seriesKeyOf(measurement: string, tags: Record<string, string>): string {
  let key = measurementOf(measurement);
  for (const tag in tags) {
    const value = tags[tag];
    if (value) key += `,${tagOf(tag)}=${tagOf(value)}`;
  }
  return key;
}

function lineOf(point: MetricPoint, seriesKey: string, timestamp: string): string {
  let line = seriesKey;
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

/**
 * Serialises a point in line protocol with the InfluxDB client's escaping rules (`escape`), numbers
 * as floats, timestamp in µs unless given. Built as one string rather than through the client's
 * `Point`: this runs for every point written, and `Point` cost more per point than InfluxDB's own write.
 */
export function toLineProtocol(point: MetricPoint, timestamp = String(point.timeUs)): string {
  return lineOf(point, seriesKeyOf(point.measurement, point.tags), timestamp);
}

/**
 * A batch as one line-protocol body (µs timestamps): a point's own `line` when it has one, else
 * encoded with each series key encoded once (the points of one series from a parsed body share
 * their tags object, so it is found by identity).
 */
export function toLineProtocolBody(points: MetricPoint[]): string {
  const seriesKeys = new Map<Record<string, string>, { measurement: string; key: string }>();
  let body = "";
  for (const point of points) {
    if (body) body += "\n";
    if (point.line !== undefined) {
      body += point.line;
      continue;
    }
    let series = seriesKeys.get(point.tags);
    if (series?.measurement !== point.measurement) seriesKeys.set(point.tags, (series = { measurement: point.measurement, key: seriesKeyOf(point.measurement, point.tags) }));
    body += lineOf(point, series.key, String(point.timeUs));
  }
  return body;
}

export const nowUs = (): number => Date.now() * 1000;
