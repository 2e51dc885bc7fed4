import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { eventStreamResponse } from "@/lib/api/sse";
import { Reply } from "@/lib/api/route";
import { db } from "@/lib/db";
import { accessChangeListeners, edgeAccessChannel } from "@/lib/edge/access-changes";
import type { EdgeAccess } from "@/lib/edge/schemas";
import { logger } from "@/lib/log";
import { processSingleton } from "@/lib/process-singleton";
import { readRateLimitConfig } from "@/lib/ratelimit/settings";
import { getRedis } from "@/lib/redis";
import { onShutdown } from "@/lib/shutdown";

/**
 * The web app's side of the flag edges' access document (lib/edge/schemas.ts): built from the
 * database on demand, and pushed to every edge's stream when this instance or another (Redis)
 * announces a change, so a revoked token stops working at the edges within a second.
 */
export async function loadEdgeAccess(): Promise<EdgeAccess> {
  const [rows, rateLimits] = await Promise.all([
    db().apiToken.findMany({ where: { revokedAt: null }, select: { id: true, name: true, role: true, tokenHash: true }, orderBy: { createdAt: "asc" } }),
    readRateLimitConfig(),
  ]);
  const document = { tokens: rows, rateLimits: rateLimits.settings };
  const etag = `"${createHash("sha1").update(JSON.stringify(document)).digest("base64url").slice(0, 20)}"`;
  return { etag, ...document };
}

export async function edgeAccessReply(req: Request): Promise<Reply> {
  const access = await loadEdgeAccess();
  if (req.headers.get("if-none-match") === access.etag) return new Reply(null, 304, { ETag: access.etag });
  return new Reply(access, 200, { ETag: access.etag });
}

/** This instance's subscription to other instances' announcements, opened with the first stream. */
function subscribeAcrossInstances(): Redis | null {
  return processSingleton("edgeAccessSubscriber", () => {
    const shared = getRedis();
    const subscriber = shared?.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null }) ?? null;
    if (!subscriber) return null;
    subscriber.on("error", () => undefined);
    subscriber.on("message", () => {
      for (const listener of accessChangeListeners()) listener();
    });
    subscriber.subscribe(edgeAccessChannel()).catch((error: unknown) => logger.warn({ err: error }, "edge access channel subscription failed"));
    onShutdown("connections", "edge access subscriber", () => subscriber.disconnect());
    return subscriber;
  });
}

export async function edgeAccessStream(req: Request): Promise<Response> {
  subscribeAcrossInstances();
  return eventStreamResponse(req, {
    event: "access",
    initial: await loadEdgeAccess(),
    subscribe(send) {
      const listener = () =>
        void loadEdgeAccess()
          .then(send)
          .catch((error: unknown) => logger.warn({ err: error }, "edge access reload failed; the edge keeps its copy"));
      accessChangeListeners().add(listener);
      return () => accessChangeListeners().delete(listener);
    },
    frame: (access) => ({ id: access.etag, data: JSON.stringify(access) }),
  });
}
