import type pg from "pg";
import { dbPool } from "@/lib/db";
import { pgTransaction } from "@/lib/db/transaction";
import { exposureColumns, exposuresOf, INSERT_EXPOSURES } from "@/lib/traces/flag-exposures";
import type { StoredSpan } from "@/lib/traces/otlp";
import { ensureSpanPartitions, scheduleTraceMaintenance } from "@/lib/traces/retention";

/** Rows per INSERT: big enough to amortise the round trip, small enough to keep parameters modest. */
export const INSERT_BATCH = 2_000;

/** The attributes whose largest value across a trace's spans becomes its `connectionsUsed` (seed 001). */
export const CONNECTION_ATTRIBUTES = ["db.connections_used", "connectionsUsed"] as const;

const SPAN_COLUMNS = `"trace_id", "span_id", "parent_span_id", "name", "service", "kind", "start_time", "start_ns", "duration_ns",
  "status_code", "status_message", "attributes", "events", "links", "resource", "scope"`;

/** One array per column, for `unnest`: one statement inserts a whole batch. */
export function spanColumns(spans: StoredSpan[]): unknown[] {
  return [
    spans.map((s) => s.traceId),
    spans.map((s) => s.spanId),
    spans.map((s) => s.parentSpanId),
    spans.map((s) => s.name),
    spans.map((s) => s.service),
    spans.map((s) => s.kind),
    spans.map((s) => s.startNs.toString()),
    spans.map((s) => s.durationNs.toString()),
    spans.map((s) => s.statusCode),
    spans.map((s) => s.statusMessage),
    spans.map((s) => JSON.stringify(s.attributes)),
    spans.map((s) => JSON.stringify(s.events)),
    spans.map((s) => JSON.stringify(s.links)),
    spans.map((s) => JSON.stringify(s.resource)),
    spans.map((s) => JSON.stringify(s.scope)),
  ];
}

/** The rows of one batch, as a SELECT over the column arrays. */
export const SPAN_ROWS = `SELECT t.trace_id, t.span_id, t.parent_span_id, t.name, t.service, t.kind,
    to_timestamp(t.start_ns::numeric / 1000000000), t.start_ns, t.duration_ns, t.status_code, t.status_message,
    t.attributes, t.events, t.links, t.resource, t.scope
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[], $9::int[],
    $10::text[], $11::jsonb[], $12::jsonb[], $13::jsonb[], $14::jsonb[], $15::jsonb[])
    AS t(trace_id, span_id, parent_span_id, name, service, kind, start_ns, duration_ns, status_code, status_message,
      attributes, events, links, resource, scope)`;

/** The plain batched insert: what the ingest benchmark compares the receiver against. */
export const RAW_SPAN_INSERT = `INSERT INTO "trace_spans" (${SPAN_COLUMNS}) ${SPAN_ROWS} ON CONFLICT DO NOTHING`;

const connectionsUsed = CONNECTION_ATTRIBUTES.map(
  (key) => `CASE WHEN jsonb_typeof(attributes->'${key}') = 'number' THEN LEAST((attributes->>'${key}')::numeric, 2147483647)::int END`,
).join(", ");

/**
 * Inserts the spans and folds the ones actually inserted (a span already stored is skipped) into
 * their traces' summaries, in one statement. Traces are upserted in id order so concurrent
 * batches lock summary rows in the same order and cannot deadlock.
 */
const INSERT_AND_SUMMARISE = `WITH inserted AS (
    INSERT INTO "trace_spans" (${SPAN_COLUMNS}) ${SPAN_ROWS}
    ON CONFLICT DO NOTHING
    RETURNING trace_id, span_id, parent_span_id, name, service, start_time, start_ns, duration_ns, status_code, attributes
  )
  INSERT INTO "trace_summaries" ("trace_id", "root_span_id", "root_name", "root_service", "services", "start_time", "start_ns",
    "end_ns", "duration_ns", "span_count", "error_count", "connections_used", "updated_at")
  SELECT trace_id,
    (array_agg(span_id ORDER BY start_ns) FILTER (WHERE parent_span_id IS NULL))[1],
    (array_agg(name ORDER BY start_ns) FILTER (WHERE parent_span_id IS NULL))[1],
    (array_agg(service ORDER BY start_ns) FILTER (WHERE parent_span_id IS NULL))[1],
    array_agg(DISTINCT service ORDER BY service),
    min(start_time), min(start_ns), max(start_ns + duration_ns), max(start_ns + duration_ns) - min(start_ns),
    count(*), count(*) FILTER (WHERE status_code = 2), max(GREATEST(${connectionsUsed})), now()
  FROM inserted GROUP BY trace_id ORDER BY trace_id
  ON CONFLICT ("trace_id") DO UPDATE SET
    "root_span_id" = COALESCE(trace_summaries.root_span_id, EXCLUDED.root_span_id),
    "root_name" = CASE WHEN trace_summaries.root_span_id IS NULL THEN EXCLUDED.root_name ELSE trace_summaries.root_name END,
    "root_service" = CASE WHEN trace_summaries.root_span_id IS NULL THEN EXCLUDED.root_service ELSE trace_summaries.root_service END,
    "services" = ARRAY(SELECT DISTINCT s FROM unnest(trace_summaries.services || EXCLUDED.services) AS s ORDER BY s),
    "start_time" = LEAST(trace_summaries.start_time, EXCLUDED.start_time),
    "start_ns" = LEAST(trace_summaries.start_ns, EXCLUDED.start_ns),
    "end_ns" = GREATEST(trace_summaries.end_ns, EXCLUDED.end_ns),
    "duration_ns" = GREATEST(trace_summaries.end_ns, EXCLUDED.end_ns) - LEAST(trace_summaries.start_ns, EXCLUDED.start_ns),
    "span_count" = trace_summaries.span_count + EXCLUDED.span_count,
    "error_count" = trace_summaries.error_count + EXCLUDED.error_count,
    "connections_used" = GREATEST(trace_summaries.connections_used, EXCLUDED.connections_used),
    "updated_at" = now()`;

const inTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => pgTransaction(dbPool(), work);

/** Stores one export's spans atomically, with the flag exposures they carry: all of them (minus ones already stored) or none. */
export async function storeSpans(spans: StoredSpan[]): Promise<void> {
  if (spans.length === 0) return;
  await ensureSpanPartitions(spans.map((span) => Number(span.startNs / 1_000_000n)));
  const ordered = [...spans].sort((a, b) => (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0));
  const exposures = ordered.flatMap(exposuresOf);
  await inTransaction(async (client) => {
    for (let offset = 0; offset < ordered.length; offset += INSERT_BATCH) {
      await client.query(INSERT_AND_SUMMARISE, spanColumns(ordered.slice(offset, offset + INSERT_BATCH)));
    }
    for (let offset = 0; offset < exposures.length; offset += INSERT_BATCH) {
      await client.query(INSERT_EXPOSURES, exposureColumns(exposures.slice(offset, offset + INSERT_BATCH)));
    }
  });
  scheduleTraceMaintenance();
}
