import type { Aggregate } from "@/lib/metrics/aggregate";
import { type MetricPoint, PointEncodingError, toLineProtocolBody } from "@/lib/metrics/point";
import { postLines } from "@/lib/metrics/post-lines";
import { type AggregateQuery, type AggregateRow, type RawMetricsStore, type RawValue, sortRows, type ValueSelection } from "@/lib/metrics/store/types";
import { isCanonicalLines, type MetricsWrite } from "@/lib/metrics/write-batch";

export interface InfluxOptions {
  url: string;
  database: string;
  retentionPolicy?: string;
  /** 2.x/3.x: sent as `Authorization: Token …`. */
  token?: string;
  /** 1.x: sent as Basic credentials. */
  username?: string;
  password?: string;
  timeoutMs?: number;
}

export class InfluxHttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "InfluxHttpError";
  }
}

/** The Authorization header for InfluxDB: a token (2.x/3.x) or Basic username/password (1.x). */
export function influxAuthHeaders(credentials: { token?: string; username?: string; password?: string }): Record<string, string> {
  if (credentials.token) return { Authorization: `Token ${credentials.token}` };
  if (credentials.username) return { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ""}`).toString("base64")}` };
  return {};
}

/** InfluxQL string literal: single quotes, with `\` and `'` escaped. */
const literal = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
/** InfluxQL identifier: double quotes, with `\` and `"` escaped. */
const identifier = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

function aggregateQl(aggregate: Aggregate, field: string): string {
  return aggregate.fn === "percentile" ? `percentile(${field}, ${aggregate.p})` : `${aggregate.fn}(${field})`;
}

/**
 * Metrics in InfluxDB over the v1-compatible HTTP API (`/write` line protocol, `/query` InfluxQL)
 * that InfluxDB 1.x serves natively, 2.x through its DBRP mapping and 3.x natively.
 */
export class InfluxMetricsStore implements RawMetricsStore {
  readonly kind = "influxdb" as const;
  readonly source: string;
  readonly takesCanonicalLines = true;

  constructor(private readonly options: InfluxOptions) {
    this.source = `influxdb:${options.database}${options.retentionPolicy ? `.${options.retentionPolicy}` : ""}`;
  }

  private endpoint(path: string, params: Record<string, string | undefined>): string {
    const url = new URL(path, this.options.url.endsWith("/") ? this.options.url : `${this.options.url}/`);
    url.searchParams.set("db", this.options.database);
    if (this.options.retentionPolicy) url.searchParams.set("rp", this.options.retentionPolicy);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
    return url.toString();
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      headers: { ...influxAuthHeaders(this.options), ...init.headers },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!response.ok) {
      const text = (await response.text()).slice(0, 500);
      throw new InfluxHttpError(response.status, `InfluxDB answered ${response.status}: ${text}`);
    }
    return response;
  }

  /** Writes line protocol with µs timestamps (`pieces` joined by newlines). */
  private async writeLines(pieces: Array<string | Buffer>): Promise<void> {
    const url = new URL(this.endpoint("write", { precision: "u" }));
    const { status, text } = await postLines(url, pieces, influxAuthHeaders(this.options), this.options.timeoutMs ?? 10_000);
    if (status < 200 || status >= 300) throw new InfluxHttpError(status, `InfluxDB answered ${status}: ${text}`);
  }

  /** 400: a line InfluxDB cannot parse or a field type conflict (it wrote the rest; writing them again overwrites them); 413: too large. */
  rejectsContent(error: unknown): boolean {
    return (error instanceof InfluxHttpError && (error.status === 400 || error.status === 413)) || error instanceof PointEncodingError;
  }

  async write(batch: MetricsWrite[]): Promise<void> {
    // A body's canonical lines as they came; points encoded.
    const parts: Array<string | Buffer> = [];
    const points: MetricPoint[] = [];
    for (const item of batch) {
      if (isCanonicalLines(item)) for (const piece of item.text) parts.push(piece);
      else points.push(item);
    }
    if (points.length > 0) parts.push(toLineProtocolBody(points));
    if (parts.length === 0) return;
    try {
      await this.writeLines(parts);
    } catch (error) {
      // A fresh InfluxDB 1.x has no database yet; create it once and write again.
      if (!(error instanceof InfluxHttpError && error.status === 404 && /database not found/.test(error.message))) throw error;
      await this.ensureDatabase();
      await this.writeLines(parts);
    }
  }

  /** Runs InfluxQL statements (`CREATE DATABASE` needs POST) and returns the first result's series. */
  async query(statement: string, epoch: "ms" | "u" = "ms"): Promise<InfluxSeries[]> {
    const response = await this.request(this.endpoint("query", { epoch }), {
      method: "POST",
      body: new URLSearchParams({ q: statement }),
    });
    const body = (await response.json()) as { results?: Array<{ series?: InfluxSeries[]; error?: string }>; error?: string };
    const result = body.results?.[0];
    if (body.error || result?.error) throw new InfluxHttpError(400, `InfluxQL error: ${body.error ?? result?.error}`);
    return result?.series ?? [];
  }

  async ensureDatabase(): Promise<void> {
    await this.query(`CREATE DATABASE ${identifier(this.options.database)}`);
  }

  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    const field = identifier(query.field);
    const selects = query.aggregates.map((aggregate, index) => `${aggregateQl(aggregate, field)} AS "a${index}"`);
    const conditions = whereQl(query);
    if (query.fieldBelow !== undefined) conditions.push(`${field} < ${Number(query.fieldBelow)}`);
    const groups = [...(query.stepSeconds === null ? [] : [`time(${query.stepSeconds}s)`]), ...query.groupBy.map(identifier)];
    const statement = `SELECT ${selects.join(", ")} FROM ${identifier(query.measurement)} WHERE ${conditions.join(" AND ")}${
      groups.length ? ` GROUP BY ${groups.join(", ")}` : ""
    }${query.stepSeconds === null ? "" : " fill(none)"}`;
    const rows: AggregateRow[] = [];
    for (const series of await this.query(statement)) {
      const tags = Object.fromEntries(query.groupBy.map((tag) => [tag, series.tags?.[tag] ?? ""]));
      for (const values of series.values) {
        const aggregated = query.aggregates.map((_, index) => values[series.columns.indexOf(`a${index}`)] ?? null);
        // A bucket where the field never appears answers a count of 0 rather than nothing.
        if (aggregated.every((value, index) => value === null || (query.aggregates[index]?.fn === "count" && value === 0))) continue;
        rows.push({
          time: query.stepSeconds === null ? Math.floor(query.fromUs / 1000) : Number(values[0]),
          tags,
          values: aggregated as Array<number | string | null>,
        });
      }
    }
    return sortRows(rows, query.groupBy);
  }

  async values(selection: ValueSelection): Promise<RawValue[]> {
    const groups = selection.groupBy.length ? ` GROUP BY ${selection.groupBy.map(identifier).join(", ")}` : "";
    const statement = `SELECT ${identifier(selection.field)} FROM ${identifier(selection.measurement)} WHERE ${whereQl(selection).join(" AND ")}${groups}`;
    return (await this.query(statement, "u")).flatMap((series) => {
      const tags = Object.fromEntries(selection.groupBy.map((tag) => [tag, series.tags?.[tag] ?? ""]));
      return series.values.flatMap(([time, value]) => (value === null ? [] : [{ timeUs: Number(time), tags, value: value as RawValue["value"] }]));
    });
  }
}

/** The time range and tag filter of a query, as InfluxQL conditions. */
function whereQl(selection: { fromUs: number; toUs: number; where?: Record<string, string> }): string[] {
  const conditions = [`time >= ${BigInt(selection.fromUs) * 1000n}`, `time < ${BigInt(selection.toUs) * 1000n}`];
  for (const [tag, value] of Object.entries(selection.where ?? {})) conditions.push(`${identifier(tag)} = ${literal(value)}`);
  return conditions;
}

interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}
