import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { context, trace, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getTrace } from "@/app/api/admin/traces/[traceId]/route";
import { GET as searchTraces } from "@/app/api/admin/traces/route";
import { POST as receive } from "@/app/v1/traces/route";
import { dbPool } from "@/lib/db";
import { applyTraceRetention, ensureSpanPartitions } from "@/lib/traces/retention";
import { storeSpans } from "@/lib/traces/store";
import { largeTrace, randomSpanId, randomTraceId, syntheticExport } from "@/lib/traces/synthetic";
import { call, tokenFor } from "@/scripts/test/requests";

let server: Server;
let baseUrl: string;
let operator: string;
let viewer: string;

/** Serves /v1/traces over real HTTP through the route handler, so real exporters can reach it. */
beforeAll(async () => {
  operator = await tokenFor("operator");
  viewer = await tokenFor("viewer");
  server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new NextRequest(new URL(incoming.url ?? "/", baseUrl), { method: incoming.method, headers, body: Buffer.concat(chunks) });
      const response = await receive(request, { params: Promise.resolve({}) });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Seed 000's example request, made with the real OpenTelemetry SDK. Returns its trace id. */
async function chatRequest(tracer: Tracer): Promise<string> {
  const within = <T>(span: ReturnType<Tracer["startSpan"]>, name: string, attributes: Record<string, number | string> = {}) =>
    tracer.startSpan(name, { attributes }, trace.setSpan(context.active(), span)) as T;
  const root = tracer.startSpan("POST /api/chat", { attributes: { "http.method": "POST", "db.connections_used": 7 } });
  const auth = within<typeof root>(root, "auth.validateCredentials");
  auth.end();
  const chat = within<typeof root>(root, "chat.generateResponse");
  const vector = within<typeof root>(chat, "vector.similaritySearch", { topK: 5, department: "eng" });
  const vertex = within<typeof root>(vector, "vertex_ai.findNeighbors");
  vertex.setStatus({ code: SpanStatusCode.ERROR, message: "quota exceeded" });
  vertex.end();
  vector.end();
  within<typeof root>(chat, "llm.complete").end();
  chat.end();
  root.end();
  return root.spanContext().traceId;
}

async function exportWith(exporter: SpanExporter): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "chat-api" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const traceId = await chatRequest(provider.getTracer("receiver-test"));
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

async function allSpans(traceId: string, limit?: number) {
  const spans: { spanId: string; parentSpanId: string | null; name: string }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ ...(cursor ? { cursor } : {}), ...(limit ? { limit: String(limit) } : {}) });
    const response = await call(getTrace, { token: viewer, params: { traceId }, path: `/api/admin/traces/${traceId}?${query}` });
    expect(response.status).toBe(200);
    spans.push(...response.json.spans);
    cursor = response.json.nextCursor;
    pages++;
  } while (cursor);
  return { spans, pages };
}

function expectSeedShape(spans: { spanId: string; parentSpanId: string | null; name: string }[]) {
  const byName = new Map(spans.map((span) => [span.name, span]));
  const parentOf = (name: string) => spans.find((span) => span.spanId === byName.get(name)?.parentSpanId)?.name ?? null;
  expect(spans).toHaveLength(6);
  expect(parentOf("POST /api/chat")).toBeNull();
  expect(parentOf("auth.validateCredentials")).toBe("POST /api/chat");
  expect(parentOf("chat.generateResponse")).toBe("POST /api/chat");
  expect(parentOf("vector.similaritySearch")).toBe("chat.generateResponse");
  expect(parentOf("vertex_ai.findNeighbors")).toBe("vector.similaritySearch");
  expect(parentOf("llm.complete")).toBe("chat.generateResponse");
}

describe("POST /v1/traces with the OpenTelemetry SDK's exporters", () => {
  it("receives a nested trace over OTLP/HTTP JSON and returns it whole", async () => {
    const traceId = await exportWith(new JsonExporter({ url: `${baseUrl}/v1/traces`, headers: { Authorization: `Bearer ${operator}` } }));
    const { spans } = await allSpans(traceId);
    expectSeedShape(spans);
    const response = await call(getTrace, { token: viewer, params: { traceId }, path: `/api/admin/traces/${traceId}` });
    const vector = response.json.spans.find((span: { name: string }) => span.name === "vector.similaritySearch");
    expect(vector).toMatchObject({ service: "chat-api", attributes: { topK: 5, department: "eng" }, status: "unset" });
    expect(response.json.spans.find((span: { name: string }) => span.name === "vertex_ai.findNeighbors")).toMatchObject({
      status: "error",
      statusMessage: "quota exceeded",
    });
  });

  it("receives the same over protobuf with gzip, and lists it the way seed 001's runbook reads it", async () => {
    const traceId = await exportWith(
      new ProtoExporter({ url: `${baseUrl}/v1/traces`, headers: { Authorization: `Bearer ${operator}` }, compression: "gzip" as never }),
    );
    expectSeedShape((await allSpans(traceId)).spans);
    const list = await call(searchTraces, { token: viewer, path: "/api/admin/traces?minConnections=5&limit=20" });
    expect(Array.isArray(list.json)).toBe(true);
    expect(list.json.find((summary: { traceId: string }) => summary.traceId === traceId)).toMatchObject({
      spanName: "POST /api/chat",
      connectionsUsed: 7,
      spanCount: 6,
      errorCount: 1,
      status: "error",
      services: ["chat-api"],
    });
    expect(typeof list.json[0].durationMs).toBe("number");
  });
});

async function postJson(body: unknown, headers: Record<string, string> = {}) {
  return call(receive, { token: operator, rawBody: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });
}

describe("bad input to the receiver", () => {
  it("answers 400 with a Status for a body that is not an export request, and stores nothing", async () => {
    const notJson = await call(receive, { token: operator, rawBody: "{oops", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ code: 3 });
    const wrongShape = await postJson({ resourceSpans: "nope" });
    expect(wrongShape.status).toBe(400);
    const badProto = await call(receive, { token: operator, rawBody: "\u00ff\u00ff\u00ff", headers: { "content-type": "application/x-protobuf" } });
    expect(badProto.status).toBe(400);
  });

  it("refuses callers without an operator token, unknown content types and oversized bodies", async () => {
    expect((await call(receive, { rawBody: "{}", headers: { "content-type": "application/json" } })).status).toBe(401);
    expect((await call(receive, { token: viewer, rawBody: "{}", headers: { "content-type": "application/json" } })).status).toBe(403);
    expect((await call(receive, { token: operator, rawBody: "{}", headers: { "content-type": "text/plain" } })).status).toBe(415);
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 32));
    const response = await call(receive, {
      token: operator,
      rawBody: bomb as unknown as string,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(response.status).toBe(413);
  });

  it("stores the good spans of a mixed batch, counts the rejected ones, and repairs what it can", async () => {
    const now = Date.now();
    const { traceId, request } = syntheticExport({ name: "GET /ok", service: "svc", offsetMs: 0, durationMs: 10 }, now);
    const spans = request.resourceSpans[0]!.scopeSpans[0]!.spans as Record<string, unknown>[];
    const good = spans[0]!;
    const orphanParent = randomSpanId();
    spans.push(
      { ...good, spanId: "xyz" }, // bad id → rejected
      { ...good }, // duplicate → rejected
      { ...good, spanId: randomSpanId(), startTimeUnixNano: "1000" }, // far outside retention → rejected
      { ...good, spanId: randomSpanId(), name: "backwards", endTimeUnixNano: "1" }, // end before start → repaired
      { ...good, spanId: randomSpanId(), parentSpanId: orphanParent, name: "orphan", attributes: [{ key: "big", value: { stringValue: "x".repeat(100_000) } }] },
      { ...good, spanId: randomSpanId(), name: "future-field", someFutureField: { nested: true }, kind: "SPAN_KIND_SERVER" },
    );
    const response = await postJson(request);
    expect(response.status).toBe(200);
    expect(response.json.partialSuccess.rejectedSpans).toBe("3");
    expect(response.json.partialSuccess.errorMessage).toMatch(/invalid spanId/);
    const stored = (await call(getTrace, { token: viewer, params: { traceId }, path: `/api/admin/traces/${traceId}` })).json;
    expect(stored.spanCount).toBe(4);
    const byName = Object.fromEntries(stored.spans.map((span: { name: string }) => [span.name, span]));
    expect(byName.backwards).toMatchObject({ duration: 0, attributes: { "opsdeck.repaired": "end_before_start" } });
    expect(byName.orphan.parentSpanId).toBe(orphanParent);
    expect(byName.orphan.attributes.big.length).toBeLessThanOrEqual(4097);
    expect(byName["future-field"].kind).toBe(0);
    // Sending the same batch again stores nothing twice.
    await postJson(request);
    expect((await call(getTrace, { token: viewer, params: { traceId }, path: `/api/admin/traces/${traceId}` })).json.spanCount).toBe(4);
  });

  it("answers 404 for an unknown trace and 400 for a malformed trace id or cursor", async () => {
    const unknown = randomTraceId();
    expect((await call(getTrace, { token: viewer, params: { traceId: unknown }, path: `/api/admin/traces/${unknown}` })).status).toBe(404);
    expect((await call(getTrace, { token: viewer, params: { traceId: "nope" }, path: "/api/admin/traces/nope" })).status).toBe(400);
    const { traceId, request } = syntheticExport({ name: "x", service: "s", offsetMs: 0, durationMs: 1 }, Date.now());
    await postJson(request);
    const badCursor = await call(getTrace, { token: viewer, params: { traceId }, path: `/api/admin/traces/${traceId}?cursor=zzz` });
    expect(badCursor.status).toBe(400);
    expect((await call(searchTraces, { token: viewer, path: "/api/admin/traces?limit=0" })).status).toBe(400);
  });
});

describe("large traces and retention", () => {
  it("serves a 12,000-span trace in bounded pages that add up to the whole trace", async () => {
    const { traceId, request } = syntheticExport(largeTrace(12_000), Date.now() - 120_000);
    const body = gzipSync(JSON.stringify(request));
    const response = await call(receive, {
      token: operator,
      rawBody: body as unknown as string,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(response.status).toBe(200);
    const { spans, pages } = await allSpans(traceId);
    expect(pages).toBe(3); // default pages of 5,000
    expect(new Set(spans.map((span) => span.spanId)).size).toBe(12_000);
    const summary = (await call(searchTraces, { token: viewer, path: `/api/admin/traces?name=${encodeURIComponent("POST /api/batch/reindex")}&minDurationMs=59000` })).json;
    expect(summary.map((s: { traceId: string }) => s.traceId)).toContain(traceId);
  });

  it("drops days past the retention by detaching their partitions, and their summaries and flag exposures", async () => {
    const old = Date.now() - 30 * 86_400_000;
    await ensureSpanPartitions([old]);
    const traceId = randomTraceId();
    await storeSpans([
      {
        traceId, spanId: randomSpanId(), parentSpanId: null, name: "old", service: "s", kind: 0, startNs: BigInt(old) * 1_000_000n,
        durationNs: 1n, statusCode: 0, statusMessage: null, attributes: { "feature_flag.key": "old_flag", "feature_flag.context.id": "u1" }, events: [], links: [], resource: {}, scope: {},
      },
    ]);
    const exposures = () => dbPool().query("SELECT count(*)::int AS n FROM flag_exposures WHERE trace_id = $1", [traceId]);
    expect((await exposures()).rows[0].n).toBe(1);
    const result = await applyTraceRetention(7);
    expect(result.droppedPartitions).toHaveLength(1);
    expect(result.deletedSummaries).toBeGreaterThanOrEqual(1);
    expect((await exposures()).rows[0].n).toBe(0);
    expect((await call(getTrace, { token: viewer, params: { traceId }, path: `/api/admin/traces/${traceId}` })).status).toBe(404);
    const { rows } = await dbPool().query("SELECT count(*)::int AS n FROM trace_spans WHERE trace_id = $1", [traceId]);
    expect(rows[0].n).toBe(0);
  });
});

describe("the vector-search runbook's span search", () => {
  /** A chat request exported by the real SDK whose vector.similaritySearch child took `searchMs`. Returns the trace and that span's id. */
  async function chatWithSearch(searchMs: number): Promise<{ traceId: string; searchSpanId: string }> {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "chat-api" }),
      spanProcessors: [new SimpleSpanProcessor(new JsonExporter({ url: `${baseUrl}/v1/traces`, headers: { Authorization: `Bearer ${operator}` } }))],
    });
    const tracer = provider.getTracer("runbook-test");
    const start = Date.now() - 5_000;
    const root = tracer.startSpan("POST /api/chat", { startTime: start });
    const search = tracer.startSpan("vector.similaritySearch", { startTime: start + 10 }, trace.setSpan(context.active(), root));
    search.end(start + 10 + searchMs);
    root.end(start + 20 + searchMs);
    await provider.forceFlush();
    await provider.shutdown();
    return { traceId: root.spanContext().traceId, searchSpanId: search.spanContext().spanId };
  }

  it("finds the trace whose vector.similaritySearch child took over 500 ms, naming that span, and not the fast one", async () => {
    const slow = await chatWithSearch(620);
    const fast = await chatWithSearch(40);
    const list = await call(searchTraces, { token: viewer, path: "/api/admin/traces?name=vector.similaritySearch&minDurationMs=500" });
    expect(list.status).toBe(200);
    const found = list.json.find((summary: { traceId: string }) => summary.traceId === slow.traceId);
    // The trace is listed by its root, and the slow child is why.
    expect(found).toMatchObject({ spanName: "POST /api/chat", matchedSpans: [{ spanId: slow.searchSpanId, name: "vector.similaritySearch", service: "chat-api", status: "unset" }] });
    expect(found.matchedSpans[0].durationMs).toBeCloseTo(620, 0);
    expect(list.json.some((summary: { traceId: string }) => summary.traceId === fast.traceId)).toBe(false);
  });
});
