import { logger } from "@/lib/log";
import { syntheticExport, type SyntheticSpan } from "@/lib/traces/synthetic";
import type { DemoContext, DemoPart } from "./part";

/**
 * Demo traces, exported through POST /v1/traces like any instrumented service would: the last six
 * hours at start, then a request every few seconds. The hour that started three hours ago is the
 * "bad hour": the vector store slows down, Vertex AI runs out of quota and requests hold more
 * database connections (seed 001's pool-exhaustion runbook and seed 000's slow-span patterns).
 */

const HOUR = 3_600_000;
const BACKFILL_HOURS = 6;
const LIVE_INTERVAL_MS = 5_000;

/** The start of the demo's bad hour for a given moment. */
export const badHourStart = (now: number) => Math.floor(now / HOUR) * HOUR - 3 * HOUR;

const jitter = (base: number, spread: number) => base + Math.random() * spread;

function chatRequest(bad: boolean): SyntheticSpan {
  const failing = bad ? Math.random() < 0.3 : Math.random() < 0.02;
  const auth = jitter(500, 60);
  const vertex = bad ? jitter(600, 1200) : jitter(120, 80);
  const vector = vertex + jitter(10, 15);
  const llm = failing ? 0 : jitter(900, 900);
  const chatStart = auth + 5;
  const chat = vector + llm + 15;
  const children: SyntheticSpan[] = [
    { name: "auth.validateCredentials", service: "auth", offsetMs: 2, durationMs: auth, attributes: { "auth.method": "password" } },
    {
      name: "chat.generateResponse",
      service: "chat-api",
      offsetMs: chatStart,
      durationMs: chat,
      ...(failing ? { error: "vector search failed" } : {}),
      children: [
        {
          name: "vector.similaritySearch",
          service: "vector-store",
          offsetMs: chatStart + 5,
          durationMs: vector,
          attributes: { topK: 5, department: ["eng", "legal", "sales"][Math.floor(Math.random() * 3)] as string },
          ...(failing ? { error: "RESOURCE_EXHAUSTED: quota exceeded" } : {}),
          children: [
            {
              name: "vertex_ai.findNeighbors",
              service: "vertex-ai",
              offsetMs: chatStart + 8,
              durationMs: vertex,
              ...(failing ? { error: "429 quota exceeded for findNeighbors" } : {}),
            },
          ],
        },
        ...(failing
          ? []
          : [
              {
                name: "llm.complete",
                service: "llm-proxy",
                offsetMs: chatStart + vector + 10,
                durationMs: llm,
                children: [{ name: "google_cloud.generateContent", service: "vertex-ai", offsetMs: chatStart + vector + 12, durationMs: llm - 3 }],
              },
            ]),
      ],
    },
  ];
  if (failing) children.push({ name: "middleware.errorHandler", service: "chat-api", offsetMs: chatStart + chat + 1, durationMs: jitter(1, 3) });
  return {
    name: "POST /api/chat",
    service: "chat-api",
    offsetMs: 0,
    durationMs: chatStart + chat + (failing ? 6 : 3),
    attributes: { "http.request.method": "POST", "http.response.status_code": failing ? 503 : 200, "db.connections_used": bad ? Math.ceil(jitter(5, 4)) : Math.ceil(jitter(1, 2)) },
    ...(failing ? { error: "503 Service Unavailable" } : {}),
    children,
  };
}

function documentsRequest(bad: boolean): SyntheticSpan {
  // In the bad hour the documents list does N+1 queries, one connection each.
  const queries = bad ? 8 + Math.floor(Math.random() * 8) : 1;
  const children: SyntheticSpan[] = Array.from({ length: queries }, (_, i) => ({
    name: "db.query",
    service: "postgres",
    offsetMs: 3 + i * (bad ? 35 : 0),
    durationMs: bad ? jitter(30, 20) : jitter(8, 10),
    attributes: { "db.statement": i === 0 ? "SELECT * FROM documents WHERE owner_id = $1" : "SELECT * FROM chunks WHERE document_id = $1" },
  }));
  const last = children.at(-1) as SyntheticSpan;
  return {
    name: "GET /api/documents",
    service: "documents-api",
    offsetMs: 0,
    durationMs: last.offsetMs + last.durationMs + 4,
    attributes: { "http.request.method": "GET", "http.response.status_code": 200, "db.connections_used": bad ? Math.min(queries, 10) : 1 },
    children: [{ name: "cache.get", service: "redis", offsetMs: 1, durationMs: jitter(0.5, 1) }, ...children],
  };
}

function demoRequest(at: number): SyntheticSpan {
  const start = badHourStart(Date.now());
  const bad = at >= start && at < start + HOUR;
  return Math.random() < 0.6 ? chatRequest(bad) : documentsRequest(bad);
}

async function send(context: DemoContext, traces: { startMs: number }[]): Promise<void> {
  const requests = traces.map(({ startMs }) => syntheticExport(demoRequest(startMs), startMs).request);
  const body = { resourceSpans: requests.flatMap((request) => request.resourceSpans) };
  const response = await fetch(`${context.baseUrl}/v1/traces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${context.token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`/v1/traces answered ${response.status}`);
}

export const traceDemo: DemoPart = {
  name: "traces",
  simulate(context) {
    let stopped = false;
    const now = Date.now();
    // About one request a minute for the past hours, more during the bad hour; sent in batches.
    const backfill: { startMs: number }[] = [];
    for (let at = now - BACKFILL_HOURS * HOUR; at < now; at += jitter(40_000, 40_000)) {
      backfill.push({ startMs: at });
      const start = badHourStart(now);
      if (at >= start && at < start + HOUR) backfill.push({ startMs: at + 5_000 });
    }
    const sendBackfill = async () => {
      for (let offset = 0; offset < backfill.length && !stopped; offset += 50) await send(context, backfill.slice(offset, offset + 50));
    };
    const failed = (error: unknown) => logger.warn({ err: error }, "demo traces could not be sent");
    void sendBackfill().catch(failed);
    const timer = setInterval(() => void send(context, [{ startMs: Date.now() }]).catch(failed), LIVE_INTERVAL_MS);
    return async () => {
      stopped = true;
      clearInterval(timer);
    };
  },
};
