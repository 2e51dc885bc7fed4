/**
 * The ingest parser's cost per line (parse and point checks, as the ingest endpoint runs them), in
 * three fresh processes side by side: nothing else loaded; ioredis imported as it is; ioredis
 * imported through lib/ioredis.ts, as Opsdeck does. The second shows what ioredis's String
 * subclass costs every string method (lib/ioredis.ts says why); the third, that it is undone.
 *   npx tsx bench/metrics/parse.ts [lines=200000]
 */
import { execFileSync } from "node:child_process";

const LINES = Number(process.argv[2] ?? 200_000);
const BODY_LINES = 5_000;
const ROUNDS = 8;
const LOADS = { "nothing else loaded": "", "ioredis imported itself": "ioredis", "ioredis through lib/ioredis": "@/lib/ioredis" };

const measured = process.env.PARSE_BENCH_LOAD;
if (measured === undefined) {
  console.log(`${LINES.toLocaleString("en")} lines a round in bodies of ${BODY_LINES}, median of ${ROUNDS} rounds after one untimed`);
  for (const [label, load] of Object.entries(LOADS)) {
    const output = execFileSync(process.execPath, ["--import", "tsx", "bench/metrics/parse.ts", String(LINES)], { encoding: "utf8", env: { ...process.env, PARSE_BENCH_LOAD: load } });
    console.log(`${label.padEnd(28)} ${output.trim()}`);
  }
} else {
  if (measured) await import(measured);
  const { LineProtocolParser } = await import("@/lib/metrics/line-protocol");
  const { PointChecks } = await import("@/lib/metrics/point-checks");
  const base = Date.now() * 1000;
  const bodies = Array.from({ length: Math.ceil(LINES / BODY_LINES) }, (_, body) =>
    Buffer.from(Array.from({ length: BODY_LINES }, (_, i) => `api_error,endpoint=/api/e${i % 8},errorType=E${i % 3} duration_ms=${(i % 997) + 0.5} ${base + body * BODY_LINES + i}`).join("\n")),
  );
  const checks = new PointChecks();
  const perLine: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const started = process.cpuUsage();
    let parsed = 0;
    for (const body of bodies) {
      // As the ingest endpoint reads a body: decoded piece by piece as it streams in.
      const decoder = new TextDecoder();
      const now = Date.now() * 1000;
      const bodyChecks = checks.forBody(now);
      const parser = new LineProtocolParser("us", now, { checks: bodyChecks });
      for (let offset = 0; offset < body.length; offset += 65_536) parser.push(decoder.decode(body.subarray(offset, offset + 65_536), { stream: true }));
      parsed += parser.end().points.length;
      bodyChecks.commit();
    }
    const used = process.cpuUsage(started);
    if (round > 0) perLine.push((used.user + used.system) / parsed);
  }
  perLine.sort((a, b) => a - b);
  console.log(`${perLine[Math.floor(perLine.length / 2)]!.toFixed(2)} µs CPU a line`);
}
