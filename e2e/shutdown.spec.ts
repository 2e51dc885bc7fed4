import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { Metadata } from "@grpc/grpc-js";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import pg from "pg";
import { hashToken, TOKEN_PREFIX } from "@/lib/auth/credential";
import { createTestDatabase } from "@/scripts/test/database";
import { expect, test } from "./fixtures";

/**
 * The production start (node dist/launcher.js) stopped with SIGTERM while metric writes are in
 * flight: every one of them is answered, every point they carried is in the database, the
 * process exits 0, and a new connection is refused. The OTLP/gRPC receiver it started takes an
 * export before, and is closed after.
 */
test.use({ storageState: { cookies: [], origins: [] } });

const port = Number(process.env.E2E_PORT ?? 3100) + 20;
const base = `http://127.0.0.1:${port}`;
const grpcPort = port + 1;

/** One span exported by the real OTLP/gRPC exporter; answers the exporter's result and the span's trace id. */
async function exportOverGrpc(token: string): Promise<{ result: ExportResult; traceId: string }> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ "service.name": "shutdown-probe" }), spanProcessors: [new SimpleSpanProcessor(memory)] });
  provider.getTracer("shutdown").startSpan("GET /probe").end();
  const spans = memory.getFinishedSpans();
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${token}`);
  const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${grpcPort}`, metadata, timeoutMillis: 5_000 });
  const result = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  return { result, traceId: spans[0]!.spanContext().traceId };
}

const grpcPortOpen = () =>
  new Promise<boolean>((resolve) => {
    const socket = connect(grpcPort, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
const HELD = 5;
const POINTS_PER_REQUEST = 200;

function heldWrite(token: string, run: string, index: number) {
  const lines = Array.from({ length: POINTS_PER_REQUEST }, (_, point) => `shutdown_probe,run=${run},request=${index} value=${point}i`);
  const half = Math.floor(lines.length / 2);
  let finish = () => undefined as void;
  let accepted = () => undefined as void;
  // The server's "100 Continue" proves it has taken the request: only then is it in flight.
  const inFlight = new Promise<void>((resolve) => (accepted = resolve));
  const answered = new Promise<number>((resolve, reject) => {
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "text/plain", Expect: "100-continue" };
    const req = httpRequest(`${base}/api/admin/metrics/write`, { method: "POST", headers }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    });
    req.once("error", reject);
    req.once("continue", () => {
      // Half the body now; the request stays in flight until the rest is sent after SIGTERM.
      req.write(`${lines.slice(0, half).join("\n")}\n`, () => accepted());
    });
    finish = () => void req.end(lines.slice(half).join("\n"));
  });
  return { answered, inFlight, finish: () => finish() };
}

test("SIGTERM lets in-flight requests finish, keeps every buffered point, refuses new connections and exits 0", async () => {
  test.setTimeout(120_000);
  const database = await createTestDatabase("shutdown");
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  let server: ChildProcess | undefined;
  try {
    await client.query(`INSERT INTO api_tokens (id, name, role, prefix, token_hash, created_by) VALUES ($1, 'shutdown', 'operator', $2, $3, 'e2e')`, [
      randomUUID(),
      token.slice(0, 10),
      hashToken(token),
    ]);
    server = spawn(process.execPath, ["dist/launcher.js"], {
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: "127.0.0.1", AUTH_SECRET: randomBytes(32).toString("hex"), OPSDECK_DEV_LOGIN: "false", LOG_LEVEL: "warn", SHUTDOWN_TIMEOUT_SECONDS: "30", OTLP_GRPC_PORT: String(grpcPort) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => server?.once("exit", (code) => resolve(code)));
    await expect.poll(() => fetch(`${base}/api/health/live`).then((response) => response.status, () => 0), { timeout: 60_000 }).toBe(200);
    // Warm the write route so the held requests reach it quickly.
    expect((await fetch(`${base}/api/admin/metrics/write`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: "warmup value=1i" })).status).toBe(200);

    const exported = await exportOverGrpc(token);
    expect(exported.result.code).toBe(ExportResultCode.SUCCESS);
    expect((await client.query(`SELECT 1 FROM trace_spans WHERE trace_id = $1`, [exported.traceId])).rowCount).toBe(1);

    const run = randomBytes(4).toString("hex");
    const held = Array.from({ length: HELD }, (_, index) => heldWrite(token, run, index));
    await Promise.all(held.map((request) => request.inFlight));
    server.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Nothing listens any more: a new connection is refused, not half-answered.
    await expect(fetch(`${base}/api/health/live`, { signal: AbortSignal.timeout(3_000) })).rejects.toThrow();
    expect(await grpcPortOpen()).toBe(false);
    for (const request of held) request.finish();
    expect(await Promise.all(held.map((request) => request.answered))).toEqual(Array(HELD).fill(200));
    expect(await exited).toBe(0);

    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM metric_points WHERE measurement = 'shutdown_probe' AND tags->>'run' = $1`, [run]);
    expect(Number(rows[0]?.count)).toBe(HELD * POINTS_PER_REQUEST);
  } finally {
    if (server && server.exitCode === null) server.kill("SIGKILL");
    await client.end();
    await database.drop();
  }
});
