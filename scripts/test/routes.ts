import { readdirSync } from "node:fs";
import path from "node:path";
import type { HttpMethod } from "@/lib/api/endpoint";
import type { WrappedRoute } from "@/lib/api/route";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const satisfies readonly HttpMethod[];
// Routes that a library owns end to end (Auth.js's sign-in callbacks); they are not Opsdeck's API.
export const LIBRARY_ROUTES = new Set(["/api/auth/{nextauth}"]);
// The catch-alls answering JSON 404 for API paths nothing serves (lib/api/unmatched.ts): no operation of the API.
export const FALLBACK_ROUTES = new Set(["/api/{path}", "/ofrep/{path}", "/v1/{path}"]);

function routeFiles(dir = "app"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** app/api/admin/tokens/[id]/route.ts → /api/admin/tokens/{id} */
export function urlPathOf(file: string): string {
  const segments = path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}"));
  return `/${segments.join("/")}`;
}

export interface ServedRoute {
  method: HttpMethod;
  urlPath: string;
  /** `handler.endpoint` is undefined when the file exports a handler not wrapped with route(). */
  handler: WrappedRoute;
}

/** Every handler exported by a route file under app/, except the library-owned ones. */
export async function servedRoutes(): Promise<ServedRoute[]> {
  const routes: ServedRoute[] = [];
  for (const file of routeFiles()) {
    const urlPath = urlPathOf(file);
    if (LIBRARY_ROUTES.has(urlPath) || FALLBACK_ROUTES.has(urlPath)) continue;
    const routeModule = (await import(/* @vite-ignore */ path.resolve(file))) as Partial<Record<HttpMethod, WrappedRoute>>;
    for (const method of METHODS) {
      const handler = routeModule[method];
      if (handler) routes.push({ method, urlPath, handler });
    }
  }
  return routes;
}
