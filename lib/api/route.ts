import { z } from "zod";
import { apiJsonLimits, parseJsonBody, readBodyText } from "@/lib/api/body";
import { ApiError, type ErrorBody, isDatabaseUnavailable, isWriteConflict } from "@/lib/api/errors";
import type { Endpoint } from "@/lib/api/endpoint";
import { actorFromPrincipal, type Actor } from "@/lib/audit";
import { requestIdFrom } from "@/lib/api/request-id";
import { API_CONTENT_SECURITY_POLICY, commonSecurityHeaders, servedOverHttps } from "@/lib/api/security-headers";
import { rejectUnstorableText } from "@/lib/api/storable-text";
import { getConfig } from "@/lib/config";
import { isSameOriginRequest } from "@/lib/auth/csrf";
import { resolvePrincipal } from "@/lib/auth/principal";
import { hasRole, type Principal } from "@/lib/auth/roles";
import { logger } from "@/lib/log";
import { recordRequest } from "@/lib/observability/prometheus";
import { withRequestLogFields } from "@/lib/observability/request-context";
import { traceRequest } from "@/lib/observability/tracing";
import { limitApiRequest, type RateLimitDecision } from "@/lib/ratelimit";

type Infer<T> = NonNullable<T> extends z.ZodType ? z.output<NonNullable<T>> : undefined;

export interface RouteInput<E extends Endpoint> {
  params: Infer<E["params"]>;
  query: Infer<E["query"]>;
  body: Infer<E["body"]>;
  /** Null only on public endpoints. */
  principal: E["access"] extends "public" ? Principal | null : Principal;
  /** Who the audit log names for this request (the principal, with the request id). */
  actor: E["access"] extends "public" ? Actor | null : Actor;
  /** Where links in answers point: AUTH_URL's origin when Opsdeck sits behind a proxy, else the request's own. */
  origin: string;
  requestId: string;
  req: Request;
}

export type RouteHandler<E extends Endpoint> = (input: RouteInput<E>) => Promise<z.input<E["response"]> | Reply | Response>;

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * A route's answer before it becomes a web Response: Next.js gets a Response made from it, while
 * Opsdeck's own server (lib/api/node-bridge.ts) writes it to the socket as it is.
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

function queryObject(url: URL): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    result[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return result;
}

function validationError(where: string, error: z.ZodError): ApiError {
  const first = error.issues[0];
  const path = first?.path.length ? ` at ${where}.${first.path.join(".")}` : ` in ${where}`;
  return new ApiError(400, "validation_failed", `Invalid ${where}${path}: ${first?.message ?? "invalid"}`, error.issues);
}

function parse<T extends z.ZodType | undefined>(schema: T, value: unknown, where: string): Infer<T> {
  if (!schema) return undefined as Infer<T>;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(where, result.error);
  return result.data as Infer<T>;
}

/** Parses input that reaches storage: unstorable text is refused (naming the field) before the schema runs. */
function parseInput<T extends z.ZodType | undefined>(schema: T, value: unknown, where: string): Infer<T> {
  if (schema) rejectUnstorableText(value, where);
  return parse(schema, value, where);
}

function publicOrigin(req: Request): string {
  const configured = getConfig().AUTH_URL;
  return configured ? new URL(configured).origin : new URL(req.url).origin;
}

function clientAddress(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "unknown";
}

function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(decision.limit),
    "X-RateLimit-Burst": String(decision.burst),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(decision.resetAt),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
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
  return new ApiError(500, "internal_error", "Something went wrong on our side; the request id identifies it in the logs");
}

/**
 * The one wrapper every API route goes through: request id, caller, role, rate limit, input
 * validation, errors in one shape, one structured log line and the Prometheus metrics.
 */
export function route<E extends Endpoint>(endpoint: E, handler: RouteHandler<E>): WrappedRoute {
  const handle = async (req: Request, context: RouteContext, requestId: string): Promise<RouteAnswer> => {
    const started = performance.now();
    const headers = new Headers({
      "X-Request-ID": requestId,
      "Cache-Control": "no-store",
      "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
      ...commonSecurityHeaders({ https: servedOverHttps(getConfig().AUTH_URL) }),
    });
    let principal: Principal | null = null;
    let answer: RouteAnswer;
    let failure: unknown;
    try {
      principal = endpoint.probe === "anonymous" ? null : await resolvePrincipal(req);
      if (!endpoint.probe) {
        const decision = await limitApiRequest(endpoint, principal, clientAddress(req));
        for (const [name, value] of Object.entries(rateLimitHeaders(decision))) headers.set(name, value);
        if (!decision.allowed) {
          throw new ApiError(429, "rate_limited", `Rate limit exceeded; retry in ${decision.retryAfterSeconds} s`);
        }
      }
      if (endpoint.access !== "public") {
        if (!principal) {
          headers.set("WWW-Authenticate", 'Bearer realm="opsdeck"');
          throw new ApiError(401, "unauthenticated", "Sign in or send an API token (Authorization: Bearer …)");
        }
        // A cookie rides along with any site's request; a session's mutation must prove it came from Opsdeck.
        if (principal.kind === "session" && !isSameOriginRequest(req.method, req.headers, req.url, getConfig().AUTH_URL)) {
          throw new ApiError(403, "csrf_failed", "Cross-site request refused: a signed-in change must come from Opsdeck's own pages");
        }
        if (!hasRole(principal.role, endpoint.access)) {
          throw new ApiError(403, "forbidden", `This needs the ${endpoint.access} role; you have ${principal.role}`);
        }
      }
      const params = parseInput(endpoint.params, await context.params, "path");
      const query = parseInput(endpoint.query, queryObject(new URL(req.url)), "query");
      const body = endpoint.body
        ? parseInput(endpoint.body, parseJsonBody(await readBodyText(req, endpoint.bodyLimitBytes ?? getConfig().API_BODY_LIMIT_BYTES), apiJsonLimits()), "body")
        : undefined;
      const actor = principal ? actorFromPrincipal(principal, requestId) : null;
      const result = await handler({ params, query, body, principal, actor, origin: publicOrigin(req), requestId, req } as RouteInput<E>);
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
      const body: ErrorBody = {
        error: { code: apiError.code, message: apiError.message, details: apiError.details, requestId },
      };
      headers.set("Content-Type", "application/json");
      answer = { status: apiError.status, headers, body: JSON.stringify(body) };
    }
    const seconds = (performance.now() - started) / 1000;
    recordRequest(req.method, endpoint.path, answer.status, seconds);
    // request_id, trace_id and span_id come from the request's context, as on every line it writes.
    const line = {
      method: req.method,
      endpoint: endpoint.path,
      status_code: answer.status,
      duration_ms: Math.round(seconds * 1000 * 10) / 10,
      principal: principal ? `${principal.kind}:${principal.id}` : undefined,
    };
    if (answer.status >= 500) logger.error({ ...line, err: failure }, "request failed");
    else logger.info(line, "request");
    return answer;
  };
  const answer = (req: Request, context: RouteContext) => {
    const requestId = requestIdFrom(req.headers);
    return withRequestLogFields({ request_id: requestId }, () => traceRequest(req, endpoint.path, () => handle(req, context, requestId)));
  };
  const wrapped = async (req: Request, context: RouteContext) => {
    const { status, headers, body } = await answer(req, context);
    return new Response(body, { status, headers });
  };
  return Object.assign(wrapped, { endpoint, answer });
}

/**
 * An answer with its own status or headers: a health check's 503, an ETag, a 304 (body null),
 * OFREP's error shapes. Not a web Response, so Opsdeck's own server never has to read one back.
 */
export class Reply {
  constructor(
    readonly body: unknown,
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {}
}
