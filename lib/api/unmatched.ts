import type { ErrorBody } from "@/lib/api/errors";
import { requestIdFrom } from "@/lib/api/request-id";

/**
 * Answers for API requests that never reach a route's wrapper — a path no route serves, a path
 * whose percent-encoding does not decode — in the same error shape, so an API caller never gets
 * the framework's text or HTML. Imports nothing heavy: proxy.ts uses it on every API request.
 */
export function apiErrorResponse(req: Request, status: number, code: string, message: string): Response {
  const requestId = requestIdFrom(req.headers);
  const body: ErrorBody = { error: { code, message, requestId } };
  return Response.json(body, { status, headers: { "X-Request-ID": requestId, "Cache-Control": "no-store" } });
}

/** Where an API path begins: Opsdeck's API, OFREP and the OTLP receiver (kept at their standard paths). */
export const API_PATH = /^\/(api|ofrep|v1)(\/|$)/;

/** True when every segment of a raw (still encoded) path decodes as UTF-8. */
export function pathDecodes(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** A path parameter that is not valid percent-encoded UTF-8 (`%zz`, `%ff%fe`, a lone `%`). */
export function undecodablePath(req: Request): Response {
  return apiErrorResponse(req, 400, "invalid_path", "The path is not valid percent-encoded UTF-8");
}

/** The catch-all API routes (app/api/[...path] and its siblings): JSON 404 for every method. */
export function unknownApiPath(req: Request): Response {
  const { pathname } = new URL(req.url);
  if (!pathDecodes(pathname)) return undecodablePath(req);
  return apiErrorResponse(req, 404, "not_found", `No API operation at ${req.method} ${pathname}; see /api/openapi.json`);
}
