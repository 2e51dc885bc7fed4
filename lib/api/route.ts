import { z } from "zod";
import { ApiError, isDatabaseUnavailable, isWriteConflict } from "@/lib/api/errors";
import {
  BEARER_CHALLENGE,
  clientAddress,
  errorBody,
  forbiddenError,
  internalError,
  invalidJsonError,
  parseInput,
  queryObject,
  rateLimitedError,
  rateLimitHeaders,
  requestIdFor,
  tooLargeError,
  unauthenticatedError,
  validationError,
} from "@/lib/api/wire";
import type { Endpoint } from "@/lib/api/endpoint";
import { getConfig } from "@/lib/config";
import { isSameOriginRequest } from "@/lib/auth/csrf";
import { resolvePrincipal } from "@/lib/auth/principal";
import { hasRole, type Principal } from "@/lib/auth/roles";
import { logger } from "@/lib/log";
import { recordRequest } from "@/lib/observability/prometheus";
import { traceRequest } from "@/lib/observability/tracing";
import { limitApiRequest } from "@/lib/ratelimit";

type Infer<T> = NonNullable<T> extends z.ZodType ? z.output<NonNullable<T>> : undefined;

export interface RouteInput<E extends Endpoint> {
  params: Infer<E["params"]>;
  query: Infer<E["query"]>;
  body: Infer<E["body"]>;
  /** Null only on public endpoints. */
  principal: E["access"] extends "public" ? Principal | null : Principal;
  requestId: string;
  req: Request;
}

export type RouteHandler<E extends Endpoint> = (input: RouteInput<E>) => Promise<z.input<E["response"]> | Reply | Response>;

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * A route's answer before it becomes a web Response: Next.js gets a Response made from it, while
 * the test instances' server (lib/api/node-bridge.ts) writes it to the socket as it is.
 */
export interface RouteAnswer {
  status: number;
  headers: Headers;
  body: string | ReadableStream<Uint8Array> | null;
}

export type WrappedRoute = ((req: Request, context: RouteContext) => Promise<Response>) & {
  endpoint: Endpoint;
  answer: (req: Request, context: RouteContext) => Promise<RouteAnswer>;
};

async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLargeError(limit);
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > limit) throw tooLargeError(limit);
  const text = new TextDecoder().decode(bytes).trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidJsonError(error);
  }
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return validationError("input", error);
  if (isDatabaseUnavailable(error)) {
    return new ApiError(503, "database_unavailable", "The database is unreachable; try again shortly", undefined, {
      "Retry-After": "5",
    });
  }
  if (isWriteConflict(error)) {
    return new ApiError(409, "write_conflict", "A concurrent change collided with this one and nothing was written; send it again", undefined, {
      "Retry-After": "1",
    });
  }
  return internalError();
}

/**
 * The one wrapper every API route goes through: request id, caller, role, rate limit, input
 * validation, errors in one shape, one structured log line and the Prometheus metrics.
 */
export function route<E extends Endpoint>(endpoint: E, handler: RouteHandler<E>): WrappedRoute {
  const handle = async (req: Request, context: RouteContext): Promise<RouteAnswer> => {
    const started = performance.now();
    const requestId = requestIdFor(req.headers.get("x-request-id"));
    const headers = new Headers({ "X-Request-ID": requestId, "Cache-Control": "no-store" });
    let principal: Principal | null = null;
    let answer: RouteAnswer;
    let failure: unknown;
    try {
      principal = await resolvePrincipal(req);
      const decision = await limitApiRequest(endpoint, principal, clientAddress(req.headers.get("x-forwarded-for"), req.headers.get("x-real-ip")));
      for (const [name, value] of Object.entries(rateLimitHeaders(decision))) headers.set(name, value);
      if (!decision.allowed) {
        throw rateLimitedError(decision);
      }
      if (endpoint.access !== "public") {
        if (!principal) {
          headers.set("WWW-Authenticate", BEARER_CHALLENGE);
          throw unauthenticatedError();
        }
        // A cookie rides along with any site's request; a session's mutation must prove it came from Opsdeck.
        if (principal.kind === "session" && !isSameOriginRequest(req.method, req.headers, req.url, getConfig().AUTH_URL)) {
          throw new ApiError(403, "csrf_failed", "Cross-site request refused: a signed-in change must come from Opsdeck's own pages");
        }
        if (!hasRole(principal.role, endpoint.access)) {
          throw forbiddenError(endpoint.access, principal.role);
        }
      }
      const params = parseInput(endpoint.params, await context.params, "path");
      const query = parseInput(endpoint.query, queryObject(new URL(req.url).searchParams), "query");
      const body = endpoint.body
        ? parseInput(endpoint.body, await readJsonBody(req, endpoint.bodyLimitBytes ?? getConfig().API_BODY_LIMIT_BYTES), "body")
        : undefined;
      const result = await handler({ params, query, body, principal, requestId, req } as RouteInput<E>);
      if (result instanceof Reply) {
        for (const [name, value] of Object.entries(result.headers)) if (!headers.has(name)) headers.set(name, value);
        if (result.body !== null) headers.set("Content-Type", "application/json");
        answer = { status: result.status, headers, body: result.body === null ? null : JSON.stringify(result.body) };
      } else if (result instanceof Response) {
        // The handler's own headers (ETag, Content-Type…) join the wrapper's, which win a clash.
        for (const [name, value] of result.headers) if (!headers.has(name)) headers.set(name, value);
        answer = { status: result.status, headers, body: result.body };
      } else {
        headers.set("Content-Type", endpoint.responseContentType ?? "application/json");
        answer = { status: endpoint.successStatus ?? 200, headers, body: typeof result === "string" ? result : JSON.stringify(result) };
      }
    } catch (error) {
      failure = error;
      const apiError = toApiError(error);
      for (const [name, value] of Object.entries(apiError.headers ?? {})) headers.set(name, value);
      headers.set("Content-Type", "application/json");
      answer = { status: apiError.status, headers, body: JSON.stringify(errorBody(apiError, requestId)) };
    }
    const seconds = (performance.now() - started) / 1000;
    recordRequest(req.method, endpoint.path, answer.status, seconds);
    const line = {
      request_id: requestId,
      method: req.method,
      route: endpoint.path,
      status: answer.status,
      latency_ms: Math.round(seconds * 1000 * 10) / 10,
      principal: principal ? `${principal.kind}:${principal.id}` : undefined,
    };
    if (answer.status >= 500) logger.error({ ...line, err: failure }, "request failed");
    else logger.info(line, "request");
    return answer;
  };
  const answer = (req: Request, context: RouteContext) => traceRequest(req, endpoint.path, () => handle(req, context));
  const wrapped = async (req: Request, context: RouteContext) => {
    const { status, headers, body } = await answer(req, context);
    return new Response(body, { status, headers });
  };
  return Object.assign(wrapped, { endpoint, answer });
}

/**
 * An answer with its own status or headers: a health check's 503, an ETag, a 304 (body null),
 * OFREP's error shapes. Not a web Response, so the test instances' server never has to read one back.
 */
export class Reply {
  constructor(
    readonly body: unknown,
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {}
}
