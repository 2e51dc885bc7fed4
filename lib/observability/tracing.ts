import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type TextMapGetter } from "@opentelemetry/api";
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOffSampler, BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { getConfig } from "@/lib/config";
import { withRequestLogFields } from "@/lib/observability/request-context";
import { storeSpans } from "@/lib/traces/store";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Opsdeck traces its own API requests (seed 000: X-Trace-ID on every response; seed 002/004: W3C
 * traceparent honoured, trace_id and span_id in log lines). The provider is Opsdeck's own and is not
 * registered globally, so libraries that look for a global tracer stay quiet. With
 * OPSDECK_TRACE_EXPORT=true the spans are stored like any received trace, so Opsdeck's waterfalls
 * show its own requests; they go straight to storage, never back through HTTP, so ingesting cannot loop.
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
    storeSpans(stored).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
  }
  async shutdown(): Promise<void> {}
}

function createTracer() {
  const exporting = getConfig().OPSDECK_TRACE_EXPORT;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "opsdeck" }),
    // Spans nobody stores are not recorded: the ids (X-Trace-ID, traceparent, log fields) are all
    // that is used of them, and a recording span costs more than the flag evaluation it wraps.
    ...(exporting ? {} : { sampler: new AlwaysOffSampler() }),
    spanProcessors: exporting ? [new BatchSpanProcessor(new StorageExporter())] : [],
  });
  return provider.getTracer("opsdeck");
}

const tracer = () => processSingleton("tracer", createTracer);
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
    { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method, "http.route": route } },
    parent,
  );
  try {
    const { traceId, spanId, traceFlags } = span.spanContext();
    const answer = await withRequestLogFields({ trace_id: traceId, span_id: spanId }, handle);
    span.setAttribute("http.response.status_code", answer.status);
    if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    answer.headers.set("X-Trace-ID", traceId);
    answer.headers.set("traceparent", `00-${traceId}-${spanId}-0${traceFlags.toString(16)}`);
    return answer;
  } finally {
    span.end();
  }
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
