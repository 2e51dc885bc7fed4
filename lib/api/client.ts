import type { ErrorBody } from "@/lib/api/errors";

/** An API answer other than 2xx, with the server's error code and message. */
export class ApiClientError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

/** Calls Opsdeck's API from the browser: JSON in and out, errors in the API's one shape. */
export async function apiFetch<T>(url: string, options: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(url, {
    method: options.method ?? "GET",
    signal: options.signal,
    headers: options.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (payload as ErrorBody | undefined)?.error;
    throw new ApiClientError(response.status, error?.code ?? "http_error", error?.message ?? `The server answered ${response.status}`, error?.details);
  }
  return payload as T;
}
