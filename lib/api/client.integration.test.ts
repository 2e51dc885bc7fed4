import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as getFlag, POST as updateFlag } from "@/app/api/admin/feature-flags/[name]/route";
import { POST as createFlag } from "@/app/api/admin/feature-flags/route";
import { ApiClientError, callEndpoint, endpointUrl } from "@/lib/api/client";
import type { WrappedRoute } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { tokenFor } from "@/scripts/test/requests";

/** The browser's fetch, answered by the real route handlers (and the real database) with a token of `role`. */
function browserAs(token: string, routes: Record<string, WrappedRoute>) {
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const pathname = new URL(url, "http://127.0.0.1:3000").pathname;
    const name = decodeURIComponent(pathname.split("/")[4] ?? "");
    const handler = routes[`${init.method} ${pathname.split("/").length > 4 ? "/api/admin/feature-flags/{name}" : pathname}`];
    if (!handler) throw new Error(`No route for ${init.method} ${pathname}`);
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    return handler(new Request(new URL(url, "http://127.0.0.1:3000"), { ...init, headers }), { params: Promise.resolve({ name }) });
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("callEndpoint, the browser's client built from the catalog", () => {
  const routes = {
    "GET /api/admin/feature-flags/{name}": getFlag,
    "POST /api/admin/feature-flags/{name}": updateFlag,
    "POST /api/admin/feature-flags": createFlag,
  };

  it("creates and reads a flag through its declared endpoints, parsed by the response schema", async () => {
    browserAs(await tokenFor("admin"), routes);
    const name = `client.${Date.now()}`;
    await callEndpoint(flagEndpoints.create, { body: { name, rolloutPercentage: 10 } });
    const flag = await callEndpoint(flagEndpoints.get, { params: { name } });
    expect(flag).toMatchObject({ name, rolloutPercentage: 10, enabled: false });
  });

  it("turns a refusal into one error carrying the API's code, message and request id", async () => {
    const admin = await tokenFor("admin");
    browserAs(admin, routes);
    const name = `client-viewer-${Date.now()}`;
    const created = await callEndpoint(flagEndpoints.create, { body: { name } });
    browserAs(await tokenFor("viewer"), routes);
    const refusal = await callEndpoint(flagEndpoints.update, { params: { name }, body: { rolloutPercentage: 50, version: created.flag.version } }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiClientError);
    expect(refusal).toMatchObject({ status: 403, code: "forbidden" });
    expect((refusal as ApiClientError).requestId).toMatch(/.+/);

    browserAs(admin, routes);
    const stale = await callEndpoint(flagEndpoints.update, { params: { name }, body: { rolloutPercentage: 50, version: created.flag.version + 5 } }).catch((error: unknown) => error);
    expect(stale).toMatchObject({ status: 409 });
    expect(((stale as ApiClientError).details as { flag: { name: string } }).flag.name).toBe(name);
  });
});

describe("endpointUrl", () => {
  it("encodes path parameters and leaves empty query values out", () => {
    expect(endpointUrl("/api/admin/feature-flags/{name}/status", { name: "a b/c" }, { userId: "u 1", env: undefined })).toBe(
      "/api/admin/feature-flags/a%20b%2Fc/status?userId=u+1",
    );
  });

  it("refuses to build a URL with a missing path parameter", () => {
    expect(() => endpointUrl("/api/admin/tokens/{id}", {})).toThrow(/"id" is missing/);
  });
});
