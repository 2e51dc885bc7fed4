import { apiJsonLimits, readBodyText } from "@/lib/api/body";
import { Reply } from "@/lib/api/route";
import { getConfig } from "@/lib/config";
import { eventStreamResponse } from "@/lib/api/sse";
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
  guarded: snapshot.guarded,
});

/** True when the caller's If-None-Match already names this ETag. */
function notModified(req: Request, etag: string): boolean {
  const header = req.headers.get("if-none-match");
  if (!header) return false;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

const notModified304 = (etag: string) => new Reply(null, 304, { ETag: etag });

/** The body is read like every API body: bounded while it streams (413 in Opsdeck's shape beyond). */
async function readOfrepRequest(req: Request) {
  return parseOfrepRequest(await readBodyText(req, getConfig().API_BODY_LIMIT_BYTES), apiJsonLimits());
}

export async function ofrepSingleReply(key: string, req: Request): Promise<Reply> {
  const parsed = await readOfrepRequest(req);
  if (!parsed.ok) return new Reply({ key, errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, 400);
  const snapshot = await getSnapshot();
  const answer = ofrepEvaluate(key, snapshot.byName.get(key), parsed.context);
  if (isOfrepFailure(answer)) return new Reply(answer, answer.errorCode === "FLAG_NOT_FOUND" ? 404 : 400);
  return new Reply({ ...answer, cacheable: false }, 200);
}

export async function ofrepBulkReply(req: Request): Promise<Reply> {
  const parsed = await readOfrepRequest(req);
  if (!parsed.ok) return new Reply({ errorCode: parsed.errorCode, errorDetails: parsed.errorDetails }, 400);
  const snapshot = await getSnapshot();
  const etag = ofrepBulkEtag(snapshot.etag, parsed.context);
  if (notModified(req, etag)) return notModified304(etag);
  const flags = liveBody(snapshot).flags.map((flag) => ofrepEvaluate(flag.name, flag, parsed.context));
  return new Reply({ flags }, 200, { ETag: etag });
}

export async function snapshotReply(req: Request): Promise<Reply> {
  const snapshot = await getSnapshot();
  if (notModified(req, snapshot.etag)) return notModified304(snapshot.etag);
  return new Reply(liveBody(snapshot), 200, { ETag: snapshot.etag });
}

/** Server-sent events: the live flag set now, then again after every change this instance learns of. */
export async function streamResponse(req: Request): Promise<Response> {
  return eventStreamResponse(req, {
    event: "flags",
    initial: await getSnapshot(),
    subscribe: onSnapshot,
    frame: (snapshot) => ({ id: snapshot.etag, data: JSON.stringify(liveBody(snapshot)) }),
  });
}
