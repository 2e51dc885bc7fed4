/**
 * Storage a million spans take in PostgreSQL (spans, their indexes and the trace summaries), stored
 * through POST /v1/traces, next to the same spans' size on the wire as OTLP JSON (the peer). From it,
 * what each retention costs for a given daily volume: the README's reason for the default.
 * Runs on a throwaway database on the local PostgreSQL.
 *
 *   npx tsx bench/traces/storage.ts            # 20 exports of 5,000 spans (traces of 50 spans)
 *   REQUESTS=40 npx tsx bench/traces/storage.ts
 */
import { NextRequest } from "next/server";
import { createTestDatabase } from "@/scripts/test/database";

const REQUESTS = Number(process.env.REQUESTS ?? 20);
const SPANS = Number(process.env.SPANS ?? 5_000);

const database = await createTestDatabase("bench_trace_storage");
process.env.DATABASE_URL = database.url;
process.env.LOG_LEVEL = "silent";
const { POST } = await import("@/app/v1/traces/route");
const { closeDatabase, dbPool } = await import("@/lib/db");
const { systemActor } = await import("@/lib/audit");
const { createApiToken } = await import("@/lib/auth/tokens");
const { largeTrace, syntheticExport } = await import("@/lib/traces/synthetic");
const { ensureSpanPartitions } = await import("@/lib/traces/retention");

try {
  const { token } = await createApiToken({ name: "bench", role: "operator" }, systemActor("bench"));
  const now = Date.now();
  await ensureSpanPartitions([now - 600_000, now]);
  let wireBytes = 0;
  for (let r = 0; r < REQUESTS; r++) {
    const traces = Array.from({ length: SPANS / 50 }, (_, t) => syntheticExport(largeTrace(50, 800), now - 600_000 + r * 1000 + t).request);
    const body = JSON.stringify({ resourceSpans: traces.flatMap((trace) => trace.resourceSpans) });
    wireBytes += Buffer.byteLength(body);
    const response = await POST(
      new NextRequest("http://127.0.0.1/v1/traces", { method: "POST", body, headers: { "content-type": "application/json", authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({}) },
    );
    if (response.status !== 200) throw new Error(`receiver answered ${response.status}: ${await response.text()}`);
  }
  await dbPool().query('VACUUM ANALYZE "trace_spans"');
  await dbPool().query('VACUUM ANALYZE "trace_summaries"');
  const { rows } = await dbPool().query<{ spans: number; span_bytes: string; summary_bytes: string }>(`
    SELECT (SELECT count(*)::int FROM "trace_spans") AS spans,
           (SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = '"trace_spans"'::regclass) AS span_bytes,
           pg_total_relation_size('"trace_summaries"') AS summary_bytes`);
  const row = rows[0]!;
  const perMillion = (bytes: number) => (bytes / row.spans) * 1_000_000;
  const storedPerMillion = perMillion(Number(row.span_bytes) + Number(row.summary_bytes));
  const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  console.log(`spans stored: ${row.spans.toLocaleString()} (synthetic traces of 50 spans, lib/traces/synthetic.ts)`);
  console.log(`per million spans: PostgreSQL ${mb(storedPerMillion)} (spans + indexes ${mb(perMillion(Number(row.span_bytes)))}, summaries ${mb(perMillion(Number(row.summary_bytes)))})`);
  console.log(`per million spans: OTLP JSON on the wire ${mb(perMillion(wireBytes))} (peer)`);
  console.log(`ratio stored / wire: ${(storedPerMillion / perMillion(wireBytes)).toFixed(2)}`);
  for (const days of [7, 30]) {
    console.log(`retention ${days} d at 1 million spans a day: ${gb(storedPerMillion * days)}; at 10 million a day: ${gb(storedPerMillion * days * 10)}`);
  }
} finally {
  await closeDatabase();
  await database.drop();
}
