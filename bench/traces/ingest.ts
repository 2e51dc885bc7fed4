/**
 * Ingest throughput: spans per second through POST /v1/traces (the route handler with everything it
 * does: auth, gunzip-free JSON decode, the OTLP rules, batched insert plus trace summaries), as a
 * ratio to a raw batched insert of the same rows into the same table (the ceiling).
 * Measured with the span-search indexes (trace_spans' GIN on attributes and partial (name,
 * duration_ns), migration 20261201160000_span_search) and without them, alternating for ROUNDS rounds in one run
 * (medians printed), so their cost to ingestion is read beside its peer under the same load.
 * Runs on a throwaway database on the local PostgreSQL.
 *
 *   npx tsx bench/traces/ingest.ts            # 20 exports of 5,000 spans (JSON)
 *   REQUESTS=40 SPANS=2500 ROUNDS=5 npx tsx bench/traces/ingest.ts
 */
import { readFileSync } from "node:fs";
import { percentile } from "@/bench/measure";
import { receiverBench } from "./setup";

const REQUESTS = Number(process.env.REQUESTS ?? 20);
const SPANS = Number(process.env.SPANS ?? 5_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const bench = await receiverBench("bench_traces");
const { dbPool } = bench;
const { normalizeExport } = await import("@/lib/traces/otlp");
const { INSERT_BATCH, RAW_SPAN_INSERT, spanColumns } = await import("@/lib/traces/store");

try {
  const bodies = Array.from({ length: REQUESTS }, (_, r) => bench.exportBody(r, SPANS));
  const reset = () => dbPool().query('TRUNCATE "trace_spans", "trace_summaries"');

  // Warm-up (JIT, pool, partitions), then measure.
  await bench.send(bodies[0]!);
  // The same rows, already decoded, straight into the same table in the same batch size.
  const normalized = bodies.map(
    (body) => normalizeExport(JSON.parse(body), { encoding: "hex", nowNs: BigInt(Date.now()) * 1_000_000n, retentionNs: 86_400_000_000_000n }).spans,
  );
  const total = REQUESTS * SPANS;
  console.log(`spans: ${total.toLocaleString()} in ${REQUESTS} exports of ${SPANS.toLocaleString()}, ${ROUNDS} rounds with and without the span-search indexes`);
  // The migration's own statements, so the bench measures exactly what production builds.
  const SEARCH_INDEXES = readFileSync("prisma/migrations/20261201160000_span_search/migration.sql", "utf8")
    .replace(/--.*$/gm, "")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement.startsWith("CREATE INDEX"));
  if (SEARCH_INDEXES.length !== 2) throw new Error("expected the span-search migration's two indexes");
  const samples = { with: [] as { receiver: number; raw: number; cpu: number }[], without: [] as { receiver: number; raw: number; cpu: number }[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const indexes of ["with", "without"] as const) {
      await reset();
      // The migration's indexes are there to begin with; built again on the emptied table they cost nothing.
      if (indexes === "without") await dbPool().query('DROP INDEX "trace_spans_attributes_idx"; DROP INDEX "trace_spans_name_duration_ns_idx"');
      else if (round > 0) for (const statement of SEARCH_INDEXES) await dbPool().query(statement);
      let started = performance.now();
      const cpuStart = process.cpuUsage();
      for (const body of bodies) await bench.send(body);
      const receiverSeconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const { rows } = await dbPool().query<{ n: number }>('SELECT count(*)::int AS n FROM "trace_spans"');
      if ((rows[0]?.n ?? 0) !== total) throw new Error(`the receiver stored ${rows[0]?.n} of ${total} spans`);

      await reset();
      started = performance.now();
      for (const spans of normalized) {
        for (let offset = 0; offset < spans.length; offset += INSERT_BATCH) {
          await dbPool().query(RAW_SPAN_INSERT, spanColumns(spans.slice(offset, offset + INSERT_BATCH)));
        }
      }
      const rawSeconds = (performance.now() - started) / 1000;
      samples[indexes].push({ receiver: total / receiverSeconds, raw: total / rawSeconds, cpu: (cpu.user + cpu.system) / 1e6 });
    }
  }
  for (const indexes of ["with", "without"] as const) {
    const list = samples[indexes];
    const receiver = percentile(list.map((sample) => sample.receiver), 50);
    const raw = percentile(list.map((sample) => sample.raw), 50);
    const ratios = list.map((sample) => (sample.receiver / sample.raw).toFixed(2)).join(", ");
    console.log(`${indexes} the span-search indexes (median of ${ROUNDS})`);
    console.log(`  POST /v1/traces (JSON):   ${receiver.toFixed(0).padStart(8)} spans/s  (Node CPU ${percentile(list.map((sample) => sample.cpu), 50).toFixed(2)} s a round)`);
    console.log(`  raw batched INSERT:       ${raw.toFixed(0).padStart(8)} spans/s`);
    console.log(`  ratio receiver / raw:     ${(receiver / raw).toFixed(2)}  (per round: ${ratios})`);
  }
} finally {
  await bench.drop();
}
