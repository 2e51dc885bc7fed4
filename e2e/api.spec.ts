import { allEndpoints } from "@/lib/api/catalog";
import { PARITY_FLAG, parityCases, sendCase } from "@/scripts/test/edge-parity";
import { edgeUrl, expect, test, tokenFor } from "./fixtures";

// Machine callers: API tokens only, none of the signed-in browser's cookies.
test.use({ storageState: { cookies: [], origins: [] } });

test.describe("the API on a production server", () => {
  test("serves seed 001's pool stats to a token, as the runbook's curl does", async ({ request }) => {
    const response = await request.get("/api/health/pool-stats", { headers: { Authorization: `Bearer ${tokenFor("viewer")}` } });
    expect(response.status()).toBe(200);
    const body = await response.json();
    // Seed 001's fields, as its runbook reads them; the answer also names the service and its pools.
    for (const field of ["activeConnections", "availableConnections", "maxConnections", "queuedRequests", "utilizationPercent"]) expect(typeof body[field]).toBe("number");
    expect(body.service).toBe("opsdeck");
    expect(response.headers()["x-request-id"]).toBeTruthy();
    expect(response.headers()["x-ratelimit-remaining"]).toMatch(/^\d+$/);
  });

  test("refuses an anonymous caller and reports health", async ({ request }) => {
    expect((await request.get("/api/health/deps")).status()).toBe(401);
    const health = await request.get("/api/health", { headers: { Authorization: `Bearer ${tokenFor("viewer")}` } });
    expect(health.status()).toBe(200);
    expect((await health.json()).checks.database).toBe("healthy");
  });

  test("answers seed 003's probe paths signed out, as the API's probes, never the sign-in page", async ({ request }) => {
    for (const path of ["/health/live", "/api/health/live", "/health/ready", "/api/health/ready"]) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
      expect(await response.json(), path).toEqual({ status: "ok" });
    }
    for (const path of ["/health", "/api/health"]) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect([200, 503], path).toContain(response.status());
      expect(Object.keys(await response.json()), path).toEqual(["status"]);
    }
  });

  test("leaves compression to the balancer in front: pages and API answers leave the server uncompressed (README, Memory)", async ({ request }) => {
    for (const path of ["/signin", "/api/openapi.json"]) {
      const response = await request.get(path, { headers: { "accept-encoding": "gzip, br", Authorization: `Bearer ${tokenFor("viewer")}` } });
      expect([path, response.status(), response.headers()["content-encoding"]]).toEqual([path, 200, undefined]);
    }
  });

  test("exposes Prometheus metrics with seed 004's buckets", async ({ request }) => {
    const headers = { Authorization: `Bearer ${tokenFor("viewer")}` };
    await request.get("/api/health/pool-stats", { headers });
    const response = await request.get("/api/metrics", { headers });
    expect(response.headers()["content-type"]).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.01"');
    expect(text).toMatch(/http_requests_total\{method="GET",endpoint="\/api\/health\/pool-stats",status_code="200"\} \d+/);
  });

  test("answers every API path itself: an anonymous caller gets a JSON error, never the sign-in page", async ({ request }) => {
    for (const endpoint of allEndpoints.filter((candidate) => candidate.access !== "public")) {
      const path = endpoint.path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
      const response = await request.fetch(path, { method: endpoint.method, maxRedirects: 0 });
      expect([401, 429], `${endpoint.method} ${endpoint.path}`).toContain(response.status());
      expect(response.headers()["content-type"], `${endpoint.method} ${endpoint.path}`).toContain("application/json");
    }
  });

  test("serves OpenFeature (OFREP) bulk evaluation to a token", async ({ request }) => {
    const response = await request.post("/ofrep/v1/evaluate/flags", {
      headers: { Authorization: `Bearer ${tokenFor("viewer")}` },
      data: { context: { targetingKey: "user123", env: "production" } },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.flags.length).toBeGreaterThan(0);
    expect(body.flags[0]).toHaveProperty("key");
  });

  test("evaluates flags on the web app's own routes in step with changes and revocations made through the other routes", async ({ request }) => {
    const admin = { Authorization: `Bearer ${tokenFor("admin")}` };
    const name = `e2e_direct_${Date.now()}`;
    expect((await request.post("/api/admin/feature-flags", { headers: admin, data: { name, enabled: true, rolloutPercentage: 0 } })).status()).toBe(201);
    const { token, apiToken } = await (await request.post("/api/admin/tokens", { headers: admin, data: { name: `${name}-sdk`, role: "viewer" } })).json();
    const evaluate = (query = "userId=user123&env=production") =>
      request.get(`/api/flags/evaluate?${query}`, { headers: { Authorization: `Bearer ${token}` } });

    const before = await evaluate();
    expect(before.status()).toBe(200);
    expect((await before.json()).flags[name]).toMatchObject({ enabled: false, reasonCode: "outside_rollout" });
    for (const header of ["x-request-id", "x-trace-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]) {
      expect(before.headers()[header], header).toBeTruthy();
    }

    // No waiting: the change and the revocation must be served by the very next call.
    expect((await request.post(`/api/admin/feature-flags/${name}`, { headers: admin, data: { rolloutPercentage: 100 } })).status()).toBe(200);
    expect((await (await evaluate()).json()).flags[name]).toMatchObject({ enabled: true, reasonCode: "fully_rolled_out" });

    const invalid = await evaluate("userId=user123&env=moon");
    expect(invalid.status()).toBe(400);
    expect((await invalid.json()).error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ path: ["env"] })] });

    expect((await request.delete(`/api/admin/tokens/${apiToken.id}`, { headers: admin })).status()).toBe(200);
    const revoked = await evaluate();
    expect(revoked.status()).toBe(401);
    expect((await revoked.json()).error.code).toBe("unauthenticated");
  });
});

test.describe("the flag edge beside the production server", () => {
  const viewer = () => ({ viewer: tokenFor("viewer") });
  const admin = () => ({ Authorization: `Bearer ${tokenFor("admin")}`, "Content-Type": "application/json" });

  test.beforeAll(async () => {
    await expect.poll(() => fetch(`${edgeUrl()}/health/ready`).then((response) => response.status, () => 0), { timeout: 20_000 }).toBe(200);
  });

  test("answers every evaluation case, valid and rejected, exactly as the web app does", async ({ baseURL }) => {
    const web = baseURL as string;
    const flag = await fetch(`${web}/api/admin/feature-flags`, { method: "POST", headers: admin(), body: JSON.stringify({ name: PARITY_FLAG, enabled: true, rolloutPercentage: 50 }) });
    expect([201, 409]).toContain(flag.status);
    const snapshot = await fetch(`${web}/api/flags`, { headers: { Authorization: `Bearer ${tokenFor("viewer")}` } });
    // The edge has the flag set once its ETag matches the web app's.
    await expect.poll(async () => (await fetch(`${edgeUrl()}/health/live`).then((response) => response.json())).flags.etag).toBe(snapshot.headers.get("etag"));
    const ofrep = await fetch(`${web}/ofrep/v1/evaluate/flags`, {
      method: "POST",
      headers: { Authorization: `Bearer ${tokenFor("viewer")}` },
      body: JSON.stringify({ context: { targetingKey: "user123", env: "production" } }),
    });
    for (const parity of parityCases({ snapshot: snapshot.headers.get("etag") as string, ofrep: ofrep.headers.get("etag") as string })) {
      const fromWebApp = await sendCase(web, viewer(), parity);
      const fromEdge = await sendCase(edgeUrl(), viewer(), parity);
      expect(fromEdge, parity.name).toEqual(fromWebApp);
    }
  });

  test("refuses a token revoked in the web app within a second", async ({ baseURL }) => {
    const created = await fetch(`${baseURL}/api/admin/tokens`, { method: "POST", headers: admin(), body: JSON.stringify({ name: `edge-revocation-${Date.now()}`, role: "viewer" }) });
    const { token, apiToken } = (await created.json()) as { token: string; apiToken: { id: string } };
    const status = () => fetch(`${edgeUrl()}/api/flags/evaluate?userId=u`, { headers: { Authorization: `Bearer ${token}` } }).then((response) => response.status);
    await expect.poll(status, { timeout: 2_000 }).toBe(200);
    expect((await fetch(`${baseURL}/api/admin/tokens/${apiToken.id}`, { method: "DELETE", headers: admin() })).status).toBe(200);
    const revokedAt = Date.now();
    await expect.poll(status, { timeout: 1_000, intervals: [20] }).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
  });
});
