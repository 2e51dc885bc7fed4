import { describe, expect, it } from "vitest";
import type { Endpoint } from "@/lib/api/endpoint";
import { directRoute, matchDirectRoute } from "@/lib/api/node-bridge";
import type { WrappedRoute } from "@/lib/api/route";

const routeAt = (method: Endpoint["method"], path: string) => Object.assign(async () => new Response(), { endpoint: { method, path } }) as unknown as WrappedRoute;

const routes = [routeAt("GET", "/api/flags/evaluate"), routeAt("POST", "/ofrep/v1/evaluate/flags"), routeAt("POST", "/ofrep/v1/evaluate/flags/{key}")].map(directRoute);

describe("matchDirectRoute", () => {
  it("finds a route by method and exact path, with its decoded path parameters", () => {
    expect(matchDirectRoute(routes, "GET", "/api/flags/evaluate")?.route.endpoint.path).toBe("/api/flags/evaluate");
    expect(matchDirectRoute(routes, "POST", "/ofrep/v1/evaluate/flags")?.params).toEqual({});
    const single = matchDirectRoute(routes, "POST", "/ofrep/v1/evaluate/flags/new%20checkout");
    expect(single?.route.endpoint.path).toBe("/ofrep/v1/evaluate/flags/{key}");
    expect(single?.params).toEqual({ key: "new checkout" });
  });

  it("leaves everything else to Next.js: other methods, longer or shorter paths, malformed escapes", () => {
    for (const [method, path] of [
      ["POST", "/api/flags/evaluate"],
      ["GET", "/ofrep/v1/evaluate/flags"],
      ["GET", "/api/flags/evaluate/"],
      ["GET", "/api/flags/evaluatex"],
      ["GET", "/api/flags"],
      ["POST", "/ofrep/v1/evaluate/flags/a/b"],
      ["POST", "/ofrep/v1/evaluate/flags/%E0%A4%A"],
    ] as const) {
      expect(matchDirectRoute(routes, method, path), `${method} ${path}`).toBeUndefined();
    }
  });
});
