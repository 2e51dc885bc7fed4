/**
 * Storage a million spans take in PostgreSQL (spans, their indexes and the trace summaries), stored
 * through POST /v1/traces, next to the same spans' size on the wire as OTLP JSON (the peer). From it,
 * what each retention costs for a given daily volume: the README's reason for the default.
 * Runs on a throwaway database on the local PostgreSQL.
 *
 *   npx tsx bench/traces/storage.ts            # 20 exports of 5,000 spans (traces of 50 spans)
 *   REQUESTS=40 npx tsx bench/traces/storage.ts
 */
import { receiverBench } from "./setup";

const REQUESTS = Number(process.env.REQUESTS ?? 20);
const SPANS = Number(process.env.SPANS ?? 5_000);

const bench = await receiverBench("bench_trace_storage");
const { dbPool } = bench;

try {
  let wireBytes = 0;
  for (let r = 0; r < REQUESTS; r++) {
    const body = bench.exportBody(r, SPANS);
    wireBytes += Buffer.byteLength(body);
    await bench.send(body);
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
  await bench.drop();
}
