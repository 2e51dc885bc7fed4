import type { z } from "zod";
import type { Endpoint } from "@/lib/api/endpoint";
import { errorBodySchema } from "@/lib/api/errors";

/**
 * The browser's one way to call Opsdeck's API, built from the same `Endpoint` declaration as the
 * server's route: the URL from its path, the input typed by its schemas, the answer parsed by its
 * response schema, and every failure one `ApiClientError` carrying the API's error shape.
 * This file (and the endpoint declarations it is handed) must stay free of server modules: the
 * browser bundle reads it.
 */

/**
 * An input part the endpoint declares is required — optional when every field of it is — and one
 * it does not declare is absent.
 */
type Part<K extends string, S> = z.ZodType extends S ? { [key in K]?: never } : S extends z.ZodType
  ? undefined extends z.input<S>
    ? { [key in K]?: z.input<S> }
    : // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "every field of the part is optional"
    {} extends z.input<S>
    ? { [key in K]?: z.input<S> }
    : { [key in K]: z.input<S> }
  : { [key in K]?: never };

export type CallInput<E> = E extends Endpoint<infer P, infer Q, infer B, z.ZodType>
  ? Part<"params", P> & Part<"query", Q> & Part<"body", B> & { signal?: AbortSignal; headers?: Record<string, string> }
  : never;

export type CallResult<E> = E extends Endpoint<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.output<R> : never;

/** An answer other than 2xx, or one that does not match the endpoint's response schema. */
export class ApiClientError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
    public readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

type QueryValue = string | number | boolean | Date | null | undefined;

/** `/api/admin/feature-flags/{name}` with `{ name: "a b" }` → `/api/admin/feature-flags/a%20b`. */
export function endpointUrl(path: string, params: Record<string, unknown> = {}, query: Record<string, QueryValue | QueryValue[]> = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === "") throw new Error(`${path}: the path parameter "${name}" is missing`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, raw] of Object.entries(query)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (value === undefined || value === null || value === "") continue;
      search.append(key, value instanceof Date ? value.toISOString() : String(value));
    }
  }
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}

/** Calls one endpoint of the catalog from the browser. */
export async function callEndpoint<E extends Endpoint>(endpoint: E, input: CallInput<E> = {} as CallInput<E>): Promise<CallResult<E>> {
  const { params, query, body, signal, headers } = input as {
    params?: Record<string, unknown>;
    query?: Record<string, QueryValue | QueryValue[]>;
    body?: unknown;
    signal?: AbortSignal;
    headers?: Record<string, string>;
  };
  const json = !endpoint.responseContentType || endpoint.responseContentType.includes("json");
  const response = await fetch(endpointUrl(endpoint.path, params, query), {
    method: endpoint.method,
    signal,
    headers: { Accept: json ? "application/json" : (endpoint.responseContentType ?? "*/*"), ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let payload: unknown = text;
  if (json && text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!response.ok) {
    const failure = errorBodySchema.safeParse(payload);
    if (failure.success) {
      const { code, message, details, requestId } = failure.data.error;
      throw new ApiClientError(response.status, code, message, details, requestId);
    }
    throw new ApiClientError(response.status, "http_error", `The server answered ${response.status}`, undefined, response.headers.get("x-request-id") ?? undefined);
  }
  const parsed = endpoint.response.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiClientError(
      response.status,
      "unexpected_response",
      `The answer of ${endpoint.method} ${endpoint.path} is not what the API declares${issue ? ` (${issue.path.join(".") || "body"}: ${issue.message})` : ""}`,
      parsed.error.issues,
      response.headers.get("x-request-id") ?? undefined,
    );
  }
  return parsed.data as CallResult<E>;
}

/** A client error (4xx) will not go away by asking again; network trouble and 5xx might. */
export const retryUnlessClientError = (failureCount: number, error: Error): boolean =>
  !(error instanceof ApiClientError && error.status >= 400 && error.status < 500) && failureCount < 2;
