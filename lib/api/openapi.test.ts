/* eslint-disable @typescript-eslint/no-explicit-any -- walks the OpenAPI document, which is untyped JSON */
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

  it("tells the truth about errors and parameters: OFREP's and OTLP's own error shapes, no null query values, input defaults", () => {
    const document = openApiDocument() as any;
    const otlp = document.paths["/v1/traces"].post.responses;
    for (const status of ["400", "413", "415", "503"]) {
      expect(Object.keys(otlp[status].content), status).toEqual(["application/json", "application/x-protobuf"]);
      expect(otlp[status].content["application/json"].schema.$ref, status).toBe("#/components/schemas/GoogleRpcStatus");
    }
    expect(Object.keys(otlp["200"].content)).toEqual(["application/json", "application/x-protobuf"]);
    const bulk = document.paths["/ofrep/v1/evaluate/flags"].post.responses;
    expect(bulk["400"].content["application/json"].schema.$ref).toBe("#/components/schemas/OfrepBulkEvaluationFailure");
    expect(bulk["304"].content).toBeUndefined();
    expect(document.paths["/ofrep/v1/evaluate/flags/{key}"].post.responses["404"].content["application/json"].schema.$ref).toBe("#/components/schemas/OfrepEvaluationFailure");
    const parameters = Object.values<any>(document.paths).flatMap((operations) => Object.values<any>(operations).flatMap((operation) => operation.parameters ?? []));
    for (const parameter of parameters) expect(parameter.schema.type, parameter.name).not.toEqual(expect.arrayContaining(["null"]));
    const window = document.paths["/api/admin/metrics/errors"].get.parameters.find((parameter: any) => parameter.name === "window");
    expect(window.schema).toMatchObject({ type: "string", default: "1h" });
  });
});
