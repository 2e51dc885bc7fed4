import dc from "node:diagnostics_channel";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type TextMapGetter } from "@opentelemetry/api";
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOffSampler, BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { requestIdFrom } from "@/lib/api/request-id";
import { getConfig } from "@/lib/config";
import { queryChannel, type QueryMessage } from "@/lib/db/query-channel";
import { scrubString } from "@/lib/observability/redact";
import { requestLogFields, requestSpan, withRequestLogFields, withRequestSpan } from "@/lib/observability/request-context";
import { onShutdown } from "@/lib/shutdown";
import { storeSpans } from "@/lib/traces/store";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Opsdeck traces its own API requests (seed 000: X-Trace-ID on every response; seed 002/004: W3C
 * traceparent honoured, trace_id and span_id in log lines). The provider is Opsdeck's own and is not
 * registered globally, so libraries that look for a global tracer stay quiet. With
 * OPSDECK_TRACE_EXPORT=true the spans are stored like any received trace, so Opsdeck's waterfalls
 * show its own requests; they go straight to storage, never back through HTTP, so ingesting cannot loop.
 *
 * The request's span is the parent of what the request waits on: database queries and outgoing
 * HTTP calls (the channel subscribers below), which also carry its traceparent and X-Request-ID
 * to the dependency. Work outside a request (timers, evaluators) has no parent and makes no spans.
 */

const NANOS = 1_000_000_000n;
const hrToNs = ([seconds, nanos]: [number, number]) => BigInt(seconds) * NANOS + BigInt(nanos);

/** Hands finished spans to trace storage. */
class StorageExporter implements SpanExporter {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const stored = spans.map((span) => ({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId ?? null,
      name: span.name,
      service: "opsdeck",
      kind: span.kind + 1, // the API's enum starts at INTERNAL = 0, OTLP's at UNSPECIFIED = 0
      startNs: hrToNs(span.startTime),
      durationNs: hrToNs(span.duration),
      statusCode: span.status.code,
      statusMessage: span.status.message ?? null,
      attributes: span.attributes as Record<string, string | number | boolean>,
      events: [],
      links: [],
      resource: { "service.name": "opsdeck" },
      scope: { name: "opsdeck" },
    }));
    // Outside any request: storing spans must not make spans of its own (each export would export again).
    withRequestSpan(null, {}, () => storeSpans(stored)).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
  }
  async shutdown(): Promise<void> {}
}

function createTracer() {
  const exporting = getConfig().OPSDECK_TRACE_EXPORT;
  // Subscribed once per process; the spans they start come from whichever tracer is current.
  processSingleton("fetchPropagation", propagateOverFetch);
  // Query spans only when spans are stored: unrecorded, they would cost each query for nothing.
  if (exporting) processSingleton("queryTracing", traceQueries);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "opsdeck" }),
    // Spans nobody stores are not recorded: the ids (X-Trace-ID, traceparent, log fields) are all
    // that is used of them, and a recording span costs more than the flag evaluation it wraps.
    ...(exporting ? {} : { sampler: new AlwaysOffSampler() }),
    spanProcessors: exporting ? [new BatchSpanProcessor(new StorageExporter())] : [],
  });
  // The last few seconds of spans are stored on SIGTERM, before the pool closes.
  if (exporting) onShutdown("buffers", "Opsdeck's own spans", () => provider.forceFlush());
  return provider.getTracer("opsdeck");
}

const tracer = () => processSingleton("tracer", createTracer);

/** A W3C traceparent naming this span. */
export const traceparentOf = (span: Span): string => {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-0${traceFlags.toString(16)}`;
};

/** A child of the current request's span, or nothing outside a request (or inside span storage). */
export function startChildSpan(name: string, kind: SpanKind, attributes: Attributes): Span | undefined {
  const parent = requestSpan();
  return parent ? tracer().startSpan(name, { kind, attributes }, trace.setSpan(ROOT_CONTEXT, parent)) : undefined;
}

/** Ends a child span, marking it failed when it failed. */
export function endChildSpan(span: Span, error?: unknown): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}
const propagator = new W3CTraceContextPropagator();

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * Runs one request inside a server span continuing the caller's traceparent (if any), and marks
 * the response with X-Trace-ID and traceparent.
 */
export async function traceRequest<Answer extends { status: number; headers: Headers }>(req: Request, route: string, handle: () => Promise<Answer>): Promise<Answer> {
  const parent = propagator.extract(ROOT_CONTEXT, req.headers, headerGetter);
  const span = tracer().startSpan(
    `${req.method} ${route}`,
    // request_id: seed 002 correlates traces with log lines and tickets by this attribute.
    { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method, "http.route": route, request_id: requestLogFields().request_id } },
    parent,
  );
  try {
    const { traceId, spanId } = span.spanContext();
    const answer = await withRequestSpan(span, { trace_id: traceId, span_id: spanId }, handle);
    span.setAttribute("http.response.status_code", answer.status);
    if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    answer.headers.set("X-Trace-ID", traceId);
    answer.headers.set("traceparent", traceparentOf(span));
    return answer;
  } finally {
    span.end();
  }
}

/** What undici passes on its diagnostics channels (Node's fetch): the parts used here. */
interface UndiciRequest {
  method: string;
  origin: string;
  path: string;
  headers: string | string[];
  addHeader(name: string, value: string): unknown;
}

function hasHeader({ headers }: UndiciRequest, name: string): boolean {
  if (Array.isArray(headers)) return headers.some((value, index) => index % 2 === 0 && value.toLowerCase() === name);
  return headers.toLowerCase().startsWith(`${name}:`) || headers.toLowerCase().includes(`\r\n${name}:`);
}

/**
 * Seed 002's downstream propagation for every fetch made while a request is served (Alertmanager,
 * webhooks, InfluxDB, the IdP through next-auth, health probes): the request's X-Request-ID and a
 * traceparent naming a CLIENT span of the call, ended when the answer has been read. A caller's
 * own header is left alone. Node's fetch is undici, which announces each request on these channels
 * before sending it; none of Opsdeck's dependencies is reached with node:http's client.
 */
function propagateOverFetch(): true {
  const calls = new WeakMap<UndiciRequest, Span>();
  dc.subscribe("undici:request:create", (message) => {
    const { request } = message as { request: UndiciRequest };
    const requestId = requestLogFields().request_id;
    if (requestId && !hasHeader(request, "x-request-id")) request.addHeader("x-request-id", requestId);
    const url = new URL(request.path, request.origin);
    const span = startChildSpan(`${request.method} ${url.host}`, SpanKind.CLIENT, {
      "http.request.method": request.method,
      "server.address": url.hostname,
      // No query string: it may carry a credential.
      "url.full": `${url.origin}${url.pathname}`,
    });
    if (!span) return;
    calls.set(request, span);
    if (!hasHeader(request, "traceparent")) request.addHeader("traceparent", traceparentOf(span));
  });
  dc.subscribe("undici:request:headers", (message) => {
    const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
    const span = calls.get(request);
    span?.setAttribute("http.response.status_code", response.statusCode);
    if (response.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
  });
  dc.subscribe("undici:request:trailers", (message) => {
    const { request } = message as { request: UndiciRequest };
    calls.get(request)?.end();
    calls.delete(request);
  });
  dc.subscribe("undici:request:error", (message) => {
    const { request, error } = message as { request: UndiciRequest; error: unknown };
    const span = calls.get(request);
    if (span) endChildSpan(span, error);
    calls.delete(request);
  });
  return true;
}

const SQL_VERB = /^\s*(\w+)/;

/** A CLIENT span for each query of Opsdeck's pool made while a request is served (lib/db/query-channel.ts publishes them). */
function traceQueries(): true {
  const queries = new WeakMap<QueryMessage, Span>();
  queryChannel.subscribe({
    start(message) {
      const span = startChildSpan(`pg ${(SQL_VERB.exec(message.text)?.[1] ?? "query").toUpperCase()}`, SpanKind.CLIENT, {
        "db.system.name": "postgresql",
        // Parameterised text; scrubbed all the same in case a statement quotes a value.
        "db.query.text": scrubString(message.text.slice(0, 2_000)),
      });
      if (span) queries.set(message, span);
    },
    end() {},
    asyncStart() {},
    asyncEnd(message) {
      queries.get(message)?.end();
      queries.delete(message);
    },
    error(message) {
      const span = queries.get(message);
      if (span) endChildSpan(span, message.error);
      queries.delete(message);
    },
  });
  return true;
}

/**
 * A request served outside Opsdeck's API wrapper (Auth.js's routes) with the same correlation:
 * the caller's X-Request-ID kept (or one made), a server span, both on the response, so the
 * calls it makes (the IdP's token and userinfo endpoints) carry them downstream.
 */
export function serveInRequestContext(req: Request, route: string, handle: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdFrom(req.headers);
  return withRequestLogFields({ request_id: requestId }, () =>
    traceRequest(req, route, async () => {
      const answer = await handle();
      answer.headers.set("X-Request-ID", requestId);
      return answer;
    }),
  );
}

/** Seed 001's tracing check: the wrapper traces every route, and ids come out valid. */
export function tracingStatus() {
  const probe = tracer().startSpan("health.tracing-probe");
  const { traceId, spanId } = probe.spanContext();
  // Never ended: a probe is not a request and must not be exported.
  const working = /^[0-9a-f]{32}$/.test(traceId) && !/^0+$/.test(traceId) && /^[0-9a-f]{16}$/.test(spanId);
  return {
    enabled: true,
    middleware: "active" as const,
    traceIdGeneration: working ? ("working" as const) : ("failing" as const),
    export: getConfig().OPSDECK_TRACE_EXPORT,
  };
}
