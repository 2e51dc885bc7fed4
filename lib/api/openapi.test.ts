import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { allEndpoints } from "@/lib/api/catalog";
import { openApiDocument } from "@/lib/api/openapi";
import { servedRoutes } from "@/scripts/test/routes";

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
    for (const { method, urlPath, handler } of await servedRoutes()) {
      expect(handler.endpoint, `${method} ${urlPath} must be wrapped with route()`).toBeDefined();
      expect(`${handler.endpoint.method} ${handler.endpoint.path}`).toBe(`${method} ${urlPath}`);
      expect(document.paths?.[urlPath]?.[method.toLowerCase() as "get"], `${method} ${urlPath} is not in the document`).toBeDefined();
      served.push(`${method} ${urlPath}`);
    }
    // And nothing in the document is left without a handler.
    expect(served.sort()).toEqual(allEndpoints.map((e) => `${e.method} ${e.path}`).sort());
    // Importing every route module takes a while on a loaded two-core machine.
  }, 30_000);
});
