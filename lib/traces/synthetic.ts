import { randomBytes } from "node:crypto";

/**
 * OTLP JSON export requests for made-up traces: the demo's requests, the large traces of the
 * benchmarks and tests. Builds the wire format directly so a caller controls every timestamp.
 */

export interface SyntheticSpan {
  name: string;
  service: string;
  /** Offset from the trace's start, milliseconds. */
  offsetMs: number;
  durationMs: number;
  error?: string;
  attributes?: Record<string, string | number | boolean>;
  children?: SyntheticSpan[];
}

export const randomTraceId = () => randomBytes(16).toString("hex");
export const randomSpanId = () => randomBytes(8).toString("hex");

const anyValue = (value: string | number | boolean) =>
  typeof value === "string"
    ? { stringValue: value }
    : typeof value === "boolean"
      ? { boolValue: value }
      : Number.isInteger(value)
        ? { intValue: String(value) }
        : { doubleValue: value };

const toNs = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** One ExportTraceServiceRequest (OTLP JSON) holding the whole tree, grouped by service. */
export function syntheticExport(root: SyntheticSpan, startMs: number, traceId = randomTraceId()) {
  const byService = new Map<string, object[]>();
  const visit = (span: SyntheticSpan, parentSpanId: string | undefined) => {
    const spanId = randomSpanId();
    const spans = byService.get(span.service) ?? [];
    byService.set(span.service, spans);
    spans.push({
      traceId,
      spanId,
      ...(parentSpanId ? { parentSpanId } : {}),
      name: span.name,
      kind: parentSpanId ? 1 : 2,
      startTimeUnixNano: toNs(startMs + span.offsetMs),
      endTimeUnixNano: toNs(startMs + span.offsetMs + span.durationMs),
      attributes: Object.entries(span.attributes ?? {}).map(([key, value]) => ({ key, value: anyValue(value) })),
      status: span.error ? { code: 2, message: span.error } : { code: 1 },
      ...(span.error
        ? { events: [{ name: "exception", timeUnixNano: toNs(startMs + span.offsetMs + span.durationMs), attributes: [{ key: "exception.message", value: { stringValue: span.error } }] }] }
        : {}),
    });
    for (const child of span.children ?? []) visit(child, spanId);
  };
  visit(root, undefined);
  return {
    traceId,
    request: {
      resourceSpans: [...byService].map(([service, spans]) => ({
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: "opsdeck-synthetic" }, spans }],
      })),
    },
  };
}

/**
 * A wide and deep trace of `count` spans: a request fanning out into batches of queries,
 * each with a few nested calls, the shape that makes waterfalls slow.
 */
export function largeTrace(count: number, totalMs = 60_000): SyntheticSpan {
  const services = ["api-gateway", "chat-api", "vector-store", "postgres", "llm-proxy", "cache"];
  const root: SyntheticSpan = { name: "POST /api/batch/reindex", service: "api-gateway", offsetMs: 0, durationMs: totalMs, children: [] };
  let made = 1;
  let group = 0;
  while (made < count) {
    const groupStart = (group * 37) % (totalMs * 0.9);
    const batch: SyntheticSpan = { name: `reindex.batch ${group}`, service: services[1] as string, offsetMs: groupStart, durationMs: 400, children: [] };
    root.children?.push(batch);
    made++;
    for (let item = 0; item < 9 && made < count; item++) {
      const leaf: SyntheticSpan = {
        name: item % 3 === 0 ? "vector.similaritySearch" : item % 3 === 1 ? "db.query" : "cache.get",
        service: services[2 + (item % 4)] as string,
        offsetMs: groupStart + item * 40,
        durationMs: 30 + ((group * 7 + item * 13) % 50),
        attributes: { "db.connections_used": 1 + (item % 3), item },
        ...(group % 97 === 3 && item === 4 ? { error: "deadline exceeded" } : {}),
      };
      batch.children?.push(leaf);
      made++;
    }
    group++;
  }
  return root;
}
