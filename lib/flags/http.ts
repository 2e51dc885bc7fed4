import { jsonResponse } from "@/lib/api/route";
import { type FlagSnapshot, getSnapshot, onSnapshot } from "@/lib/flags/cache";
import { isOfrepFailure, ofrepBulkEtag, ofrepEvaluate, parseOfrepRequest } from "@/lib/flags/ofrep";
import type { FlagSnapshotBody } from "@/lib/flags/schemas";

/**
 * The answers that are not plain JSON of one status: OFREP's own error shapes, 304s for
 * pollers, and the server-sent-events stream SDKs follow.
 */
const liveBody = (snapshot: FlagSnapshot): FlagSnapshotBody => ({
  etag: snapshot.etag,
  flags: snapshot.flags.filter((flag) => !flag.archived),
});

/** True when the caller's If-None-Match already names this ETag. */
function notModified(req: Request, etag: string): boolean {
  const header = req.headers.get("if-none-match");
  if (!header) return false;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

const notModifiedResponse = (etag: string) => new Response(null, { status: 304, headers: { ETag: etag } });

export async function ofrepSingleResponse(key: string, req: Request): Promise<Response> {
  const parsed = parseOfrepRequest(await req.text());
  if (!parsed.ok) return jsonResponse({ key, errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, 400);
  const snapshot = await getSnapshot();
  const answer = ofrepEvaluate(key, snapshot.byName.get(key), parsed.context);
  if (isOfrepFailure(answer)) return jsonResponse(answer, answer.errorCode === "FLAG_NOT_FOUND" ? 404 : 400);
  return jsonResponse({ ...answer, cacheable: false }, 200);
}

export async function ofrepBulkResponse(req: Request): Promise<Response> {
  const parsed = parseOfrepRequest(await req.text());
  if (!parsed.ok) return jsonResponse({ errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, 400);
  const snapshot = await getSnapshot();
  const etag = ofrepBulkEtag(snapshot.etag, parsed.context);
  if (notModified(req, etag)) return notModifiedResponse(etag);
  const flags = liveBody(snapshot).flags.map((flag) => ofrepEvaluate(flag.name, flag, parsed.context));
  const response = jsonResponse({ flags }, 200);
  response.headers.set("ETag", etag);
  return response;
}

export async function snapshotResponse(req: Request): Promise<Response> {
  const snapshot = await getSnapshot();
  if (notModified(req, snapshot.etag)) return notModifiedResponse(snapshot.etag);
  const response = jsonResponse(liveBody(snapshot), 200);
  response.headers.set("ETag", snapshot.etag);
  return response;
}

// Proxies close idle connections; a comment line every 15 s keeps the stream open.
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: the live flag set now, then again after every change this instance learns
 * of (its own, or another instance's via Redis). `retry` tells EventSource clients to reconnect fast.
 */
export async function streamResponse(req: Request): Promise<Response> {
  const initial = await getSnapshot();
  const encoder = new TextEncoder();
  let stop = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (snapshot: FlagSnapshot) => {
        controller.enqueue(encoder.encode(`event: flags\nid: ${snapshot.etag}\ndata: ${JSON.stringify(liveBody(snapshot))}\n\n`));
      };
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      send(initial);
      const unsubscribe = onSnapshot((snapshot) => {
        try {
          send(snapshot);
        } catch {
          stop();
        }
      });
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": ping\n\n"));
        } catch {
          stop();
        }
      }, HEARTBEAT_MS);
      stop = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      req.signal.addEventListener("abort", () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      });
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
