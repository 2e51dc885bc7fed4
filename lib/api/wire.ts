import type { z } from "zod";
import { ApiError, type ErrorBody } from "@/lib/api/errors";
import type { RateLimitDecision } from "@/lib/ratelimit/bucket";

/**
 * What an API answer carries whoever serves it: the web app's route wrapper (lib/api/route.ts)
 * and the flag edge (lib/edge/) put the same request ids, error bodies and rate-limit headers on
 * the wire. No I/O and nothing of Next.js here, so the edge's bundle stays small.
 */
export { requestIdFor } from "@/lib/api/request-id";

export function queryObject(searchParams: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    result[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return result;
}

export function validationError(where: string, error: z.ZodError): ApiError {
  const first = error.issues[0];
  const path = first?.path.length ? ` at ${where}.${first.path.join(".")}` : ` in ${where}`;
  return new ApiError(400, "validation_failed", `Invalid ${where}${path}: ${first?.message ?? "invalid"}`, error.issues);
}

export function parseInput<T extends z.ZodType | undefined>(schema: T, value: unknown, where: string): T extends z.ZodType ? z.output<T> : undefined {
  if (!schema) return undefined as never;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(where, result.error);
  return result.data as never;
}

/** The first address of X-Forwarded-For, else X-Real-IP: the anonymous caller's rate-limit key. */
export function clientAddress(forwardedFor: string | null | undefined, realIp: string | null | undefined): string {
  return forwardedFor?.split(",")[0]?.trim() || realIp || "unknown";
}

export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(decision.limit),
    "X-RateLimit-Burst": String(decision.burst),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(decision.resetAt),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}

export const rateLimitedError = (decision: RateLimitDecision) =>
  new ApiError(429, "rate_limited", `Rate limit exceeded; retry in ${decision.retryAfterSeconds} s`);

export const unauthenticatedError = () => new ApiError(401, "unauthenticated", "Sign in or send an API token (Authorization: Bearer …)");

export const forbiddenError = (required: string, actual: string) =>
  new ApiError(403, "forbidden", `This needs the ${required} role; you have ${actual}`);

/** The header a 401 carries. */
export const BEARER_CHALLENGE = 'Bearer realm="opsdeck"';

export const errorBody = (error: ApiError, requestId: string): ErrorBody => ({
  error: { code: error.code, message: error.message, details: error.details, requestId },
});

export const tooLargeError = (limit: number) => new ApiError(413, "payload_too_large", `Body exceeds ${limit} bytes`);

export function invalidJsonError(error: unknown): ApiError {
  return new ApiError(400, "invalid_json", `Body is not valid JSON: ${(error as Error).message}`);
}

/** The 500 every unexpected failure becomes: no details, the request id leads to the log line. */
export const internalError = () => new ApiError(500, "internal_error", "Something went wrong on our side; the request id identifies it in the logs");
