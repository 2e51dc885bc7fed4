import { Client, credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { context, trace } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getTrace } from "@/app/api/admin/traces/[traceId]/route";
import { GET as searchTraces } from "@/app/api/admin/traces/route";
import { resetConfigForTests } from "@/lib/config";
import { closeDatabase } from "@/lib/db";
import { startGrpcReceiver, type GrpcReceiver } from "@/lib/traces/grpc-receiver";
import { call, tokenFor } from "@/scripts/test/requests";

const BODY_LIMIT = 64 * 1024;

let receiver: GrpcReceiver;
let endpoint: string;
let operator: string;
let viewer: string;

beforeAll(async () => {
  operator = await tokenFor("operator");
  viewer = await tokenFor("viewer");
  // The receiver's largest message is TRACES_BODY_LIMIT_BYTES, read when it starts.
  process.env.TRACES_BODY_LIMIT_BYTES = String(BODY_LIMIT);
  resetConfigForTests();
  receiver = await startGrpcReceiver("127.0.0.1", 0);
  endpoint = `http://127.0.0.1:${receiver.port}`;
});

afterAll(async () => {
  await receiver.stop();
  delete process.env.TRACES_BODY_LIMIT_BYTES;
  resetConfigForTests();
});

type Tracer = ReturnType<BasicTracerProvider["getTracer"]>;

/** Records spans with the real SDK, under a service name of its own per test so searches find only its trace. */
async function spansOf(service: string, make: (tracer: Tracer) => void): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ "service.name": service }), spanProcessors: [new SimpleSpanProcessor(memory)] });
  make(provider.getTracer("grpc-receiver-test"));
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

/** Exports spans with the real OTLP/gRPC exporter, the way seed 004's SDK does; answers the exporter's result. */
async function exportOverGrpc(token: string, spans: ReadableSpan[]): Promise<ExportResult> {
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${token}`);
  const exporter = new OTLPTraceExporter({ url: endpoint, metadata, timeoutMillis: 5_000 });
  const result = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  return result;
}

/** One raw TraceService/Export call, to read the exact gRPC status and the response message. */
function rawExport(token: string | null, body: Uint8Array): Promise<{ error: ServiceError | null; response: Buffer | undefined }> {
  const client = new Client(`127.0.0.1:${receiver.port}`, credentials.createInsecure(), { "grpc.max_send_message_length": -1 });
  const metadata = new Metadata();
  if (token) metadata.set("authorization", `Bearer ${token}`);
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      Buffer.from(body),
      metadata,
      (error, response) => {
        client.close();
        resolve({ error, response });
      },
    ),
  );
}

const twoSpans = (tracer: Tracer) => {
  const root = tracer.startSpan("POST /api/chat");
  tracer.startSpan("vector.similaritySearch", { attributes: { topK: 5 } }, trace.setSpan(context.active(), root)).end();
  root.end();
};

describe("the OTLP/gRPC receiver with the real OpenTelemetry gRPC exporter", () => {
  it("stores an exported trace, searchable through the trace API with its parent links", async () => {
    const service = `grpc-chat-${Date.now()}`;
    const spans = await spansOf(service, twoSpans);
    expect((await exportOverGrpc(operator, spans)).code).toBe(ExportResultCode.SUCCESS);

    const list = await call(searchTraces, { token: viewer, path: `/api/admin/traces?service=${service}` });
    expect(list.status).toBe(200);
    expect(list.json).toHaveLength(1);
    expect(list.json[0]).toMatchObject({ spanName: "POST /api/chat", spanCount: 2, services: [service] });
    const traceId = list.json[0].traceId as string;
    expect(traceId).toBe(spans[0]!.spanContext().traceId);

    const trace = await call(getTrace, { token: viewer, params: { traceId }, path: `/api/admin/traces/${traceId}` });
    const root = trace.json.spans.find((span: { name: string }) => span.name === "POST /api/chat");
    expect(trace.json.spans.find((span: { name: string }) => span.name === "vector.similaritySearch")).toMatchObject({
      parentSpanId: root.spanId,
      attributes: { topK: 5 },
    });
  });

  it("answers UNAUTHENTICATED to a wrong token and stores nothing", async () => {
    const service = `grpc-denied-${Date.now()}`;
    const spans = await spansOf(service, twoSpans);
    const result = await exportOverGrpc("odk_not-a-real-token", spans);
    expect(result.code).toBe(ExportResultCode.FAILED);
    const raw = await rawExport("odk_not-a-real-token", ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array);
    expect(raw.error?.code).toBe(status.UNAUTHENTICATED);
    expect((await rawExport(null, ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array)).error?.code).toBe(status.UNAUTHENTICATED);
    expect((await rawExport(viewer, ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array)).error?.code).toBe(status.PERMISSION_DENIED);
    const list = await call(searchTraces, { token: viewer, path: `/api/admin/traces?service=${service}` });
    expect(list.json).toEqual([]);
  });

  it("answers RESOURCE_EXHAUSTED to a message over TRACES_BODY_LIMIT_BYTES and INVALID_ARGUMENT to one that is not an export request", async () => {
    const service = `grpc-big-${Date.now()}`;
    const spans = await spansOf(service, (tracer) => {
      for (let i = 0; i < 40; i++) tracer.startSpan(`span ${i}`, { attributes: { payload: "x".repeat(4000) } }).end();
    });
    const body = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array;
    expect(body.byteLength).toBeGreaterThan(BODY_LIMIT);
    expect((await rawExport(operator, body)).error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect((await exportOverGrpc(operator, spans)).code).toBe(ExportResultCode.FAILED);
    expect((await call(searchTraces, { token: viewer, path: `/api/admin/traces?service=${service}` })).json).toEqual([]);

    expect((await rawExport(operator, Uint8Array.from([0xff, 0xff, 0xff]))).error?.code).toBe(status.INVALID_ARGUMENT);
  });

  it("stores the good spans of a batch and counts the rejected ones in partialSuccess", async () => {
    const service = `grpc-partial-${Date.now()}`;
    const spans = await spansOf(service, (tracer) => {
      tracer.startSpan("GET /fresh").end();
      // Started in 2000: outside the retention window, so rejected as the HTTP receiver rejects it.
      tracer.startSpan("GET /ancient", { startTime: new Date("2000-01-01T00:00:00Z") }).end(new Date("2000-01-01T00:00:01Z"));
    });
    const { error, response } = await rawExport(operator, ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array);
    expect(error).toBeNull();
    const answer = ProtobufTraceSerializer.deserializeResponse(response as Buffer);
    expect(Number(answer.partialSuccess?.rejectedSpans)).toBe(1);
    expect(answer.partialSuccess?.errorMessage).toMatch(/retention/i);
    const list = await call(searchTraces, { token: viewer, path: `/api/admin/traces?service=${service}` });
    expect(list.json.map((summary: { spanName: string }) => summary.spanName)).toEqual(["GET /fresh"]);
  });

  it("answers UNAVAILABLE (which exporters retry) while the trace store is unreachable, and stores again once it is back", async () => {
    const spans = await spansOf(`grpc-down-${Date.now()}`, twoSpans);
    const body = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array;
    const sharedUrl = process.env.DATABASE_URL;
    await closeDatabase();
    // Nothing listens on port 1: every connection is refused, as when PostgreSQL is down.
    process.env.DATABASE_URL = "postgresql://opsdeck@127.0.0.1:1/opsdeck";
    resetConfigForTests();
    try {
      expect((await rawExport(operator, body)).error?.code).toBe(status.UNAVAILABLE);
    } finally {
      await closeDatabase();
      process.env.DATABASE_URL = sharedUrl;
      resetConfigForTests();
    }
    expect((await rawExport(operator, body)).error).toBeNull();
  });
});
