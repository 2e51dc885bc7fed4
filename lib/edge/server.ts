import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Redis } from "@/lib/ioredis";
import { ApiError } from "@/lib/api/errors";
import { SSE_HEADERS, SSE_HEARTBEAT, SSE_HEARTBEAT_MS, SSE_RETRY } from "@/lib/api/sse-frame";
import {
  BEARER_CHALLENGE,
  clientAddress,
  errorBody,
  forbiddenError,
  internalError,
  parseInput,
  queryObject,
  rateLimitedError,
  rateLimitHeaders,
  requestIdFor,
  tooLargeError,
  unauthenticatedError,
} from "@/lib/api/wire";
import { credentialFrom, hashToken, TOKEN_PREFIX } from "@/lib/auth/credential";
import { hasRole, type Principal } from "@/lib/auth/roles";
import type { EdgeConfig } from "@/lib/config";
import { EdgeFlagSet, type CachedAnswer } from "@/lib/edge/flag-set";
import { type Feed, follow } from "@/lib/edge/follow";
import { edgeAccessSchema, type EdgeAccess } from "@/lib/edge/schemas";
import { ENVIRONMENTS, type Environment } from "@/lib/flags/evaluate";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { parseOfrepRequest } from "@/lib/flags/ofrep";
import { ofrepKeyParamsSchema } from "@/lib/flags/ofrep-schemas";
import { snapshotSchema, statusQuerySchema } from "@/lib/flags/schemas";
import { apiBuckets, DEFAULT_SETTINGS, type RateLimitSettings } from "@/lib/ratelimit/config";
import { failOpenDecision, type RateLimitDecision } from "@/lib/ratelimit/bucket";
import { memoryRateLimitStore } from "@/lib/ratelimit/store/memory";
import { redisRateLimitStore } from "@/lib/ratelimit/store/redis";
import type { RateLimitStore } from "@/lib/ratelimit/store/types";

/**
 * The flag edge: the SDK's and OFREP's evaluation routes served from memory, with the web app's
 * answers (same JSON, errors, request ids, limits, ETags) and none of its machinery. It follows
 * the web app's flag stream and access stream (lib/edge/follow.ts); callers' tokens are checked
 * against the hashes it received, so a revocation applies here as soon as the stream delivers it.
 */
export interface EdgeLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface FlagEdge {
  server: Server;
  /** Stops taking requests, ends the streams, waits for in-flight answers (bounded), lets go of everything. */
  close(): Promise<void>;
}

const SINGLE_PREFIX = "/ofrep/v1/evaluate/flags/";
const ROUTES = {
  snapshot: flagEndpoints.snapshot,
  evaluate: flagEndpoints.evaluate,
  stream: flagEndpoints.stream,
  ofrepBulk: flagEndpoints.ofrepBulk,
  ofrepEvaluate: flagEndpoints.ofrepEvaluate,
};
type RouteName = keyof typeof ROUTES;
const BY_PATH: Record<string, RouteName> = {
  [ROUTES.snapshot.path]: "snapshot",
  [ROUTES.evaluate.path]: "evaluate",
  [ROUTES.stream.path]: "stream",
  [ROUTES.ofrepBulk.path]: "ofrepBulk",
};
/** What an edge serves, for a load balancer that sends exactly these to edges (README, "Running several instances"). */
export const FLAG_EDGE_PATHS = Object.keys(BY_PATH);
export const FLAG_EDGE_PATH_PREFIX = SINGLE_PREFIX;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const isEnvironment = (value: string): value is Environment => (ENVIRONMENTS as readonly string[]).includes(value);

/** The evaluate route's query, read without zod when it is the usual `userId` and `env`; zod words every error. */
function statusQuery(search: string): { userId?: string; env?: Environment } {
  const params = new URLSearchParams(search);
  let userId: string | undefined;
  let env: Environment | undefined;
  let plain = true;
  for (const [key, value] of params) {
    if (key === "userId" && userId === undefined && value.length >= 1 && value.length <= 200) userId = value;
    else if (key === "env" && env === undefined && isEnvironment(value)) env = value;
    else plain = false;
  }
  return plain ? { userId, env } : parseInput(statusQuerySchema, queryObject(params), "query");
}

/** A body read up to `limit` bytes; a larger one is refused while it arrives, not after. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > limit) return reject(tooLargeError(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        return reject(tooLargeError(limit));
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

export function startFlagEdge(config: EdgeConfig, log: EdgeLogger): Promise<FlagEdge> {
  let flagSet: EdgeFlagSet | null = null;
  let principals = new Map<string, Principal>();
  let rateLimits: RateLimitSettings = DEFAULT_SETTINGS;
  let draining = false;
  const streams = new Set<ServerResponse>();
  const startedAt = Date.now();
  const upstream = config.FLAG_EDGE_UPSTREAM_URL.replace(/\/+$/, "");
  const pollMs = config.FLAG_EDGE_POLL_SECONDS * 1000;

  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 }) : null;
  redis?.on("error", () => undefined);
  const store: RateLimitStore = redis ? redisRateLimitStore(redis) : memoryRateLimitStore();

  const flagFeed: Feed = follow({
    upstream,
    token: config.FLAG_EDGE_TOKEN,
    documentPath: ROUTES.snapshot.path,
    streamPath: ROUTES.stream.path,
    event: "flags",
    schema: snapshotSchema,
    etagOf: (snapshot) => snapshot.etag,
    apply(snapshot) {
      flagSet = new EdgeFlagSet(snapshot);
      for (const response of streams) response.write(flagSet.streamFrame);
      log.info({ etag: snapshot.etag, flags: snapshot.flags.length }, "flag set applied");
    },
    pollMs,
  });
  const accessFeed: Feed = follow({
    upstream,
    token: config.FLAG_EDGE_TOKEN,
    documentPath: "/api/edge/access",
    streamPath: "/api/edge/access/stream",
    event: "access",
    schema: edgeAccessSchema,
    etagOf: (access) => access.etag,
    apply(access: EdgeAccess) {
      principals = new Map(access.tokens.map((token) => [token.tokenHash, { kind: "token" as const, id: token.id, name: token.name, role: token.role }]));
      rateLimits = access.rateLimits;
    },
    pollMs,
  });

  const heartbeat = setInterval(() => {
    for (const response of streams) response.write(SSE_HEARTBEAT);
  }, SSE_HEARTBEAT_MS);

  const health = () => {
    const feedHealth = (feed: Feed) => ({
      streaming: feed.state.streaming,
      receivedAt: iso(feed.state.receivedAt),
      unreachableSince: iso(feed.state.unreachableSince),
      lastError: feed.state.unreachableSince === null ? null : feed.state.lastError,
      rejected: feed.state.rejected && { at: iso(feed.state.rejected.at), reason: feed.state.rejected.reason },
    });
    return {
      status: flagSet ? (flagFeed.state.unreachableSince === null ? "ok" : "stale") : "starting",
      startedAt: iso(startedAt),
      upstream,
      flags: { etag: flagSet?.etag ?? null, count: flagSet?.flags.length ?? 0, ...feedHealth(flagFeed) },
      access: { tokens: principals.size, ...feedHealth(accessFeed) },
      streams: streams.size,
    };
  };

  async function limit(principal: Principal | null, req: IncomingMessage, path: string, rule: RouteName): Promise<RateLimitDecision> {
    const caller = principal
      ? { kind: principal.kind, id: principal.id }
      : { kind: "address" as const, address: clientAddress(req.headers["x-forwarded-for"] as string | undefined, req.headers["x-real-ip"] as string | undefined) };
    const buckets = apiBuckets(rateLimits, { path, rateLimit: ROUTES[rule].rateLimit }, caller);
    try {
      return await store.take(buckets);
    } catch {
      // The same fail modes as the web app (lib/ratelimit/index.ts).
      if (config.RATE_LIMIT_FAIL_MODE === "closed") {
        throw new ApiError(503, "rate_limiter_unavailable", "The rate limiter's store is unreachable and the limiter fails closed; try again shortly", undefined, { "Retry-After": "5" });
      }
      return failOpenDecision(buckets[0]!.rule);
    }
  }

  function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: Buffer) {
    if (body) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = String(body.length);
    }
    if (draining) headers.Connection = "close";
    res.writeHead(status, headers);
    res.end(body);
  }

  function sendAnswer(res: ServerResponse, headers: Record<string, string>, answer: CachedAnswer, ifNoneMatch?: string) {
    if (answer.etag) {
      headers.ETag = answer.etag;
      if (notModified(ifNoneMatch, answer.etag)) return send(res, 304, headers);
    }
    send(res, answer.status, headers, answer.body);
  }

  async function serve(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, name: RouteName, path: string, key: string | undefined) {
    const credential = credentialFrom(req.headers.authorization, req.headers["x-api-key"] as string | undefined);
    const principal = credential?.startsWith(TOKEN_PREFIX) ? (principals.get(hashToken(credential)) ?? null) : null;
    const decision = await limit(principal, req, ROUTES[name].path, name);
    Object.assign(headers, rateLimitHeaders(decision));
    if (!decision.allowed) throw rateLimitedError(decision);
    if (!principal) {
      headers["WWW-Authenticate"] = BEARER_CHALLENGE;
      throw unauthenticatedError();
    }
    if (!hasRole(principal.role, ROUTES[name].access as Principal["role"])) throw forbiddenError(ROUTES[name].access, principal.role);
    const params = key === undefined ? undefined : parseInput(ofrepKeyParamsSchema, { key }, "path");
    const set = flagSet;
    if (!set) throw new ApiError(503, "flags_unavailable", "This edge has not received a flag set from Opsdeck yet; try again shortly", undefined, { "Retry-After": "1" });
    const ifNoneMatch = req.headers["if-none-match"];
    switch (name) {
      case "snapshot":
        headers.ETag = set.etag;
        return notModified(ifNoneMatch, set.etag) ? send(res, 304, headers) : send(res, 200, headers, set.snapshotBody);
      case "evaluate": {
        const query = statusQuery(path.includes("?") ? path.slice(path.indexOf("?") + 1) : "");
        return sendAnswer(res, headers, set.evaluation(query.userId, query.env));
      }
      case "stream":
        if (draining) throw new ApiError(503, "shutting_down", "This edge is shutting down; connect to another", undefined, { "Retry-After": "1" });
        res.writeHead(200, { ...headers, ...SSE_HEADERS });
        res.write(SSE_RETRY);
        res.write(set.streamFrame);
        streams.add(res);
        res.once("close", () => streams.delete(res));
        return;
      case "ofrepBulk":
      case "ofrepEvaluate": {
        const parsed = parseOfrepRequest(await readBody(req, ROUTES[name].bodyLimitBytes ?? config.API_BODY_LIMIT_BYTES), {
          maxDepth: config.JSON_MAX_DEPTH,
          maxArrayItems: config.JSON_MAX_ARRAY_ITEMS,
        });
        if (!parsed.ok) {
          const failure = params ? { key: params.key, errorCode: parsed.errorCode, errorDetails: parsed.errorDetails } : { errorCode: parsed.errorCode, errorDetails: parsed.errorDetails };
          return send(res, 400, headers, Buffer.from(JSON.stringify(failure)));
        }
        // Evaluation reads the flag set as it was when the request arrived, like the web app's snapshot.
        return params ? sendAnswer(res, headers, set.ofrepSingle(params.key, parsed.context)) : sendAnswer(res, headers, set.ofrepBulk(parsed.context), ifNoneMatch);
      }
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    if (pathname === "/health/live" || pathname === "/api/health/live") return send(res, 200, { "Cache-Control": "no-store" }, Buffer.from(JSON.stringify(health())));
    if (pathname === "/health/ready" || pathname === "/api/health/ready") {
      return send(res, flagSet && accessFeed.state.receivedAt !== null && !draining ? 200 : 503, { "Cache-Control": "no-store" }, Buffer.from(JSON.stringify(health())));
    }
    const headers: Record<string, string> = { "X-Request-ID": requestIdFor(req.headers["x-request-id"] as string | undefined), "Cache-Control": "no-store" };
    let name: RouteName | undefined = BY_PATH[pathname];
    let key: string | undefined;
    if (!name && pathname.startsWith(SINGLE_PREFIX) && pathname.indexOf("/", SINGLE_PREFIX.length) === -1) {
      name = "ofrepEvaluate";
      try {
        key = decodeURIComponent(pathname.slice(SINGLE_PREFIX.length));
      } catch {
        key = "";
      }
    }
    const fail = (error: unknown) => {
      const apiError = error instanceof ApiError ? error : internalError();
      if (!(error instanceof ApiError)) log.error({ err: error, url: pathname }, "edge request failed");
      if (res.headersSent) return void res.end();
      Object.assign(headers, apiError.headers);
      send(res, apiError.status, headers, Buffer.from(JSON.stringify(errorBody(apiError, headers["X-Request-ID"] as string))));
    };
    if (!name) return fail(new ApiError(404, "not_found", `This flag edge serves ${Object.values(ROUTES).map((route) => route.path).join(", ")}`));
    if (req.method !== ROUTES[name].method) {
      headers.Allow = ROUTES[name].method;
      return fail(new ApiError(405, "method_not_allowed", `${pathname} answers ${ROUTES[name].method} only`));
    }
    serve(req, res, headers, name, url, key).catch(fail);
  }

  const server = createServer({ keepAliveTimeout: 65_000 }, handle);

  async function close(): Promise<void> {
    if (draining) return;
    draining = true;
    flagFeed.stop();
    accessFeed.stop();
    clearInterval(heartbeat);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Stream clients reconnect (to another edge); idle keep-alive connections go now, busy ones after their answer.
    for (const response of streams) response.end();
    server.closeIdleConnections();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, config.SHUTDOWN_TIMEOUT_SECONDS * 1000).unref());
    await Promise.race([closed, deadline]);
    server.closeAllConnections();
    redis?.disconnect();
  }

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.FLAG_EDGE_PORT, config.FLAG_EDGE_HOST, () => resolve({ server, close }));
  });
}
