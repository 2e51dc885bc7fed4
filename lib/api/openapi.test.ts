import { readdirSync } from "node:fs";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { allEndpoints } from "@/lib/api/catalog";
import { openApiDocument } from "@/lib/api/openapi";
import type { WrappedRoute } from "@/lib/api/route";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// Routes that a library owns end to end (Auth.js's sign-in callbacks); they are not Opsdeck's API.
const LIBRARY_ROUTES = new Set(["/api/auth/{nextauth}"]);

function routeFiles(dir = "app"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** app/api/admin/tokens/[id]/route.ts → /api/admin/tokens/{id} */
function urlPathOf(file: string): string {
  const segments = path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}"));
  return `/${segments.join("/")}`;
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const document = structuredClone(openApiDocument());
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(document as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it("describes every route handler in app/, each of which goes through the route wrapper", async () => {
    const document = openApiDocument();
    const served: string[] = [];
    for (const file of routeFiles()) {
      const urlPath = urlPathOf(file);
      if (LIBRARY_ROUTES.has(urlPath)) continue;
      const module = (await import(/* @vite-ignore */ path.resolve(file))) as Partial<Record<(typeof METHODS)[number], WrappedRoute>>;
      for (const method of METHODS) {
        const handler = module[method];
        if (!handler) continue;
        expect(handler.endpoint, `${method} ${urlPath} must be wrapped with route()`).toBeDefined();
        expect(`${handler.endpoint.method} ${handler.endpoint.path}`).toBe(`${method} ${urlPath}`);
        expect(document.paths?.[urlPath]?.[method.toLowerCase() as "get"], `${method} ${urlPath} is not in the document`).toBeDefined();
        served.push(`${method} ${urlPath}`);
      }
    }
    // And nothing in the document is left without a handler.
    expect(served.sort()).toEqual(allEndpoints.map((e) => `${e.method} ${e.path}`).sort());
  });
});
