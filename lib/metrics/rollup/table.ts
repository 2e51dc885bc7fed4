import type pg from "pg";
import { pgTransaction } from "@/lib/db/transaction";
import type { Piece, RollupResolution } from "@/lib/metrics/rollup/plan";
import { QuantileSketch } from "@/lib/metrics/rollup/sketch";
import type { RollupDelta, RollupState } from "@/lib/metrics/rollup/state";
import type { AggregateQuery } from "@/lib/metrics/store/types";

/** One merged group of a query: its output bucket (µs), its group tags and what it holds. */
export interface GroupState {
  bucketUs: number;
  tags: Record<string, string>;
  state: RollupState;
}

const fromEpochUs = (param: string) => `'epoch'::timestamptz + ${param}::bigint * interval '1 microsecond'`;
/** Rows a compaction pass merges at most, so one pass never holds locks for long. */
const COMPACT_KEYS_PER_PASS = 5_000;
/** Any key: the rollup job of one Opsdeck instance compacts at a time. */
const COMPACT_LOCK = 0x0d5_2011;

/**
 * The rollup table (metric_rollups) in Opsdeck's PostgreSQL, for either raw store. A write
 * inserts one delta row per bucket it touches; reads merge every row of a bucket (counts and sums
 * in SQL, sketches here); the rollup job compacts each bucket's rows into one.
 */
export class RollupTable {
  /** Rows with ids up to this were compacted already (in this process). */
  private compactedThroughId = "0";

  constructor(private readonly pool: () => pg.Pool) {}

  /** Runs `work` in a transaction on one connection, committed only when it resolves. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return pgTransaction(this.pool(), work);
  }

  async insert(client: pg.ClientBase, source: string, deltas: RollupDelta[]): Promise<void> {
    // Deltas of several tiers may share a state (see RollupFold.deltas): each sketch is encoded once.
    const encoded = new Map<QuantileSketch, Buffer>();
    const encode = (sketch: QuantileSketch) => {
      let bytes = encoded.get(sketch);
      if (!bytes) encoded.set(sketch, (bytes = sketch.encode()));
      return bytes;
    };
    await insertRows(
      client,
      deltas.map(({ state, ...delta }) => ({
        source,
        ...delta,
        count: state.count,
        sum: state.sum,
        min: Number.isFinite(state.min) ? state.min : null,
        max: Number.isFinite(state.max) ? state.max : null,
        last: state.last,
        lastTimeUs: state.lastTimeUs,
        sketch: state.sketch ? encode(state.sketch) : null,
      })),
    );
  }

  /** One piece of a query read from its tier, merged into the query's buckets and groups. */
  async read(source: string, query: AggregateQuery, piece: Piece & { resolutionSeconds: RollupResolution }, withSketches: boolean): Promise<GroupState[]> {
    const params: unknown[] = [source, query.measurement, query.field, piece.resolutionSeconds, String(piece.fromUs), String(piece.toUs)];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const bucket =
      query.stepSeconds === null
        ? null
        : `(extract(epoch from date_bin(${param(`${query.stepSeconds} seconds`)}::interval, bucket, 'epoch'::timestamptz)) * 1000000)::float8`;
    const groupColumns = query.groupBy.map((tag) => `coalesce(tags->>${param(tag)}, '')`);
    const where = [
      "source = $1",
      "measurement = $2",
      "field = $3",
      "resolution = $4",
      `bucket >= ${fromEpochUs("$5")}`,
      `bucket < ${fromEpochUs("$6")}`,
    ];
    if (query.where && Object.keys(query.where).length > 0) where.push(`tags @> ${param(JSON.stringify(query.where))}::jsonb`);
    const keys = [...(bucket ? [1] : []), ...groupColumns.map((_, index) => index + 2)];
    const { rows } = await this.pool().query(
      `SELECT ${[
        `${bucket ?? "NULL"} AS bucket`,
        ...groupColumns.map((column, index) => `${column} AS g${index}`),
        MERGED_COLUMNS,
        withSketches ? "string_agg(sketch, ''::bytea) AS sketches" : "NULL AS sketches",
      ].join(", ")}
       FROM metric_rollups WHERE ${where.join(" AND ")}
       ${keys.length ? `GROUP BY ${keys.join(", ")}` : ""}`,
      params,
    );
    return rows.map((row) => ({
      bucketUs: row.bucket === null ? query.fromUs : Number(row.bucket),
      tags: Object.fromEntries(query.groupBy.map((tag, index) => [tag, row[`g${index}`] as string])),
      state: stateOf(row),
    }));
  }

  /**
   * Merges each bucket's delta rows into one, for buckets written since the last pass; rows
   * written meanwhile by other writers are untouched (they are not in the DELETE's snapshot).
   * Returns how many rows were merged away.
   */
  async compact(): Promise<number> {
    return this.transaction(async (client) => {
      const { rows: locked } = await client.query("SELECT pg_try_advisory_xact_lock($1) AS locked", [COMPACT_LOCK]);
      if (!locked[0]?.locked) return 0;
      const { rows: top } = await client.query("SELECT coalesce(max(id), 0)::text AS id FROM metric_rollups");
      const throughId = top[0]!.id as string;
      // Scalars merge in SQL (the sum exactly, in NUMERIC); sketches here.
      const { rows } = await client.query(
        `WITH touched AS (
           SELECT DISTINCT source, resolution, measurement, field, tags, bucket FROM metric_rollups WHERE id > $1 AND id <= $2
         ), split AS (
           SELECT r.source, r.resolution, r.measurement, r.field, r.tags, r.bucket
           FROM metric_rollups r JOIN touched t USING (source, resolution, measurement, field, tags, bucket)
           GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1 LIMIT ${COMPACT_KEYS_PER_PASS}
         ), deleted AS (
           DELETE FROM metric_rollups r USING split s
           WHERE r.source = s.source AND r.resolution = s.resolution AND r.measurement = s.measurement
             AND r.field = s.field AND r.tags = s.tags AND r.bucket = s.bucket AND r.id <= $2
           RETURNING r.*
         )
         SELECT source, resolution, measurement, field, tags, (extract(epoch from bucket) * 1000000)::float8 AS bucket,
           count(*)::int AS merged, sum(count)::float8 AS count, sum(sum)::text AS sum, min(min) AS min, max(max) AS max,
           (array_agg(last ORDER BY last_time DESC, id DESC))[1] AS last, max(last_time)::float8 AS last_time,
           string_agg(sketch, ''::bytea) AS sketches
         FROM deleted GROUP BY 1, 2, 3, 4, 5, 6`,
        [this.compactedThroughId, throughId],
      );
      await insertRows(
        client,
        rows.map((row) => {
          const { resolution, bucket, last_time, sketches, ...rest } = row;
          const sketch = sketches ? QuantileSketch.decode(sketches).encode() : null;
          return { ...rest, resolutionSeconds: resolution, bucketUs: bucket, lastTimeUs: last_time, sketch };
        }),
      );
      // A pass that hit its limit leaves the rest for the next one.
      if (rows.length < COMPACT_KEYS_PER_PASS) this.compactedThroughId = throughId;
      return rows.reduce((merged, row) => merged + row.merged - 1, 0);
    });
  }

  /** The retention job: deletes each tier's buckets older than its cutoff; returns how many rows went. */
  async deleteBefore(cutoffs: Array<{ resolutionSeconds: RollupResolution; beforeUs: number }>): Promise<number> {
    let deleted = 0;
    for (const { resolutionSeconds, beforeUs } of cutoffs) {
      const result = await this.pool().query(`DELETE FROM metric_rollups WHERE resolution = $1 AND bucket < ${fromEpochUs("$2")}`, [
        resolutionSeconds,
        String(beforeUs),
      ]);
      deleted += result.rowCount ?? 0;
    }
    return deleted;
  }
}

/** How a bucket's rows merge into one, in SQL: the sum exactly (NUMERIC), the latest `last`. */
const MERGED_COLUMNS =
  "sum(count)::float8 AS count, sum(sum)::float8 AS sum, min(min) AS min, max(max) AS max, " +
  "(array_agg(last ORDER BY last_time DESC, id DESC))[1] AS last, max(last_time)::float8 AS last_time";

interface RollupRow {
  source: string;
  resolutionSeconds: number;
  measurement: string;
  field: string;
  tags: Record<string, string>;
  bucketUs: number;
  count: number;
  /** A NUMERIC's text from compaction, or a double (sent as its shortest exact decimal). */
  sum: number | string;
  min: number | null;
  max: number | null;
  last: RollupState["last"];
  lastTimeUs: number;
  sketch: Buffer | null;
}

async function insertRows(client: pg.ClientBase, rows: RollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO metric_rollups (source, resolution, measurement, field, tags, bucket, count, sum, min, max, last, last_time, sketch)
     SELECT src, r, m, f, tg, ${fromEpochUs("b")}, c, s, mn, mx, l, lt, sk
     FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::jsonb[], $6::bigint[], $7::bigint[], $8::numeric[], $9::float8[], $10::float8[], $11::jsonb[], $12::bigint[], $13::bytea[])
       AS x(src, r, m, f, tg, b, c, s, mn, mx, l, lt, sk)`,
    [
      rows.map((row) => row.source),
      rows.map((row) => row.resolutionSeconds),
      rows.map((row) => row.measurement),
      rows.map((row) => row.field),
      rows.map((row) => JSON.stringify(row.tags)),
      rows.map((row) => String(row.bucketUs)),
      rows.map((row) => row.count),
      rows.map((row) => String(row.sum)),
      rows.map((row) => row.min),
      rows.map((row) => row.max),
      rows.map((row) => JSON.stringify(row.last)),
      rows.map((row) => String(row.lastTimeUs)),
      rows.map((row) => row.sketch),
    ],
  );
}

interface StateRow {
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  last: RollupState["last"];
  last_time: number | string;
  /** The bucket's sketches end to end (string_agg), or null for fields without numbers. */
  sketches: Buffer | null;
}

function stateOf(row: StateRow): RollupState {
  const sketch = row.sketches ? QuantileSketch.decode(row.sketches) : null;
  return {
    count: Number(row.count),
    sum: row.sum,
    min: row.min ?? Infinity,
    max: row.max ?? -Infinity,
    last: row.last,
    lastTimeUs: Number(row.last_time),
    sketch,
  };
}
