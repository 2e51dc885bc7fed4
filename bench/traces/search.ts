/**
 * Span-level trace search on a million spans (lib/traces/queries.ts): p50/p99 of one page (20 traces,
 * with their matched spans) and of its count, per kind of query an operator types during an
 * incident. The spans are spread over the default retention (30 days, one partition a day), in
 * traces of 50 (lib/traces/synthetic.ts' largeTrace), each root carrying a request_id and an
 * http.status_code (1 % are 5xx); 1 trace in 200 has a vector.similaritySearch span of 600 ms.
 * The peer, in the same run: the same page filtered on the trace summaries alone (`service=`).
 * Runs on a throwaway database on the local PostgreSQL.
 *
 *   npx tsx bench/traces/search.ts             # 1,000,000 spans, 50 searches per kind
 *   SPANS=200000 RUNS=20 npx tsx bench/traces/search.ts
 */
import { percentile } from "@/bench/measure";
import { createTestDatabase } from "@/scripts/test/database";

const SPANS = Number(process.env.SPANS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 50);
const DAYS = 30;
const TRACE_SPANS = 50;

const database = await createTestDatabase("bench_trace_search");
process.env.DATABASE_URL = database.url;
process.env.LOG_LEVEL = "silent";
const { closeDatabase, dbPool } = await import("@/lib/db");
const { largeTrace, syntheticExport } = await import("@/lib/traces/synthetic");
const { normalizeExport } = await import("@/lib/traces/otlp");
const { storeSpans } = await import("@/lib/traces/store");
const { countTraces, searchTraces } = await import("@/lib/traces/queries");
const { traceCountQuerySchema, traceSearchSchema } = await import("@/lib/traces/schemas");

try {
  const traces = SPANS / TRACE_SPANS;
  const now = Date.now();
  const step = ((DAYS - 1) * 86_400_000) / traces;
  const loadStarted = performance.now();
  const BATCH_TRACES = 100;
  for (let first = 0; first < traces; first += BATCH_TRACES) {
    const resourceSpans = [];
    for (let t = first; t < Math.min(traces, first + BATCH_TRACES); t++) {
      const root = largeTrace(TRACE_SPANS, 800);
      root.attributes = { request_id: `req-${t}`, "http.status_code": t % 100 === 7 ? 503 : 200 };
      if (t % 200 === 11) {
        const search = root.children?.[0]?.children?.find((span) => span.name === "vector.similaritySearch");
        if (search) search.durationMs = 600;
      }
      resourceSpans.push(...syntheticExport(root, now - t * step - 60_000).request.resourceSpans);
    }
    const { spans } = normalizeExport({ resourceSpans }, { encoding: "hex", nowNs: BigInt(now) * 1_000_000n, retentionNs: BigInt(DAYS) * 86_400_000_000_000n });
    await storeSpans(spans);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  await dbPool().query('VACUUM ANALYZE "trace_spans"');
  await dbPool().query('VACUUM ANALYZE "trace_summaries"');
  const { rows } = await dbPool().query<{ n: number }>('SELECT count(*)::int AS n FROM "trace_spans"');
  console.log(`spans: ${(rows[0]?.n ?? 0).toLocaleString()} in ${traces.toLocaleString()} traces over ${DAYS} days (stored in ${loadSeconds.toFixed(0)} s); ${RUNS} searches per kind`);

  const kinds: { label: string; query: (i: number) => Record<string, string | string[]> }[] = [
    { label: "peer: service= (summaries only)", query: () => ({ service: "vector-store" }) },
    { label: "runbook: name=vector.similaritySearch&minDurationMs=500", query: () => ({ name: "vector.similaritySearch", minDurationMs: "500" }) },
    { label: "requestId=req-N (one trace)", query: (i) => ({ requestId: `req-${(i * 7919) % traces}` }) },
    { label: "attr=request_id=req-N (one trace)", query: (i) => ({ attr: `request_id=req-${(i * 104_729) % traces}` }) },
    { label: "attr=http.status_code=503 (equality)", query: () => ({ attr: "http.status_code=503" }) },
    { label: "attr=http.status_code>=500 (numeric)", query: () => ({ attr: "http.status_code>=500" }) },
    { label: "service=vector-store&spanStatus=error", query: () => ({ service: "vector-store", spanStatus: "error" }) },
    { label: "name=db.query (common name)", query: () => ({ name: "db.query" }) },
    { label: "minDurationMs=500 (any span)", query: () => ({ minDurationMs: "500" }) },
  ];
  const ms = (value: number) => `${value.toFixed(1).padStart(8)} ms`;
  console.log(`${"query".padEnd(58)} ${"page p50".padStart(11)} ${"page p99".padStart(11)} ${"count p50".padStart(11)} ${"count p99".padStart(11)}  matches`);
  for (const kind of kinds) {
    const page: number[] = [];
    const count: number[] = [];
    let matches = 0;
    // One untimed search warms the plan cache and the pages the kind reads.
    await searchTraces(traceSearchSchema.parse(kind.query(RUNS)));
    for (let i = 0; i < RUNS; i++) {
      const query = kind.query(i);
      let started = performance.now();
      const found = await searchTraces(traceSearchSchema.parse(query));
      page.push(performance.now() - started);
      if (query.name || query.requestId || query.attr || query.spanStatus) {
        if (found.length > 0 && found.some((trace) => trace.matchedSpans.length === 0)) throw new Error(`${kind.label}: a trace without matched spans`);
      }
      started = performance.now();
      matches = (await countTraces(traceCountQuerySchema.parse(query))).total;
      count.push(performance.now() - started);
    }
    console.log(`${kind.label.padEnd(58)} ${ms(percentile(page, 50))} ${ms(percentile(page, 99))} ${ms(percentile(count, 50))} ${ms(percentile(count, 99))}  ${matches.toLocaleString()}`);
  }
  const { rows: sizes } = await dbPool().query<{ name: string; bytes: string }>(
    `SELECT regexp_replace(c.relname, '^trace_spans_p[0-9]+_', '') AS name, sum(pg_relation_size(c.oid))::bigint AS bytes
     FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_inherits h ON h.inhrelid = i.indrelid
     JOIN pg_class p ON p.oid = h.inhparent WHERE p.relname = 'trace_spans' GROUP BY 1 ORDER BY 1`,
  );
  console.log(`index sizes (all partitions): ${sizes.map((size) => `${size.name} ${(Number(size.bytes) / 1024 ** 2).toFixed(0)} MB`).join(", ")}`);
} finally {
  await closeDatabase();
  await database.drop();
}
