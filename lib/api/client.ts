import type { ErrorBody } from "@/lib/api/errors";

/** An API error as the browser sees it: the server's message and code. */
export class ApiClientError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

/** Fetches Opsdeck's API from the browser with the session cookie; answers the JSON or throws the API's error. */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await fetch(path, {
    ...rest,
    headers: { ...(json === undefined ? {} : { "Content-Type": "application/json" }), ...rest.headers },
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (body as ErrorBody | undefined)?.error;
    throw new ApiClientError(response.status, error?.code ?? "http_error", error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
}
