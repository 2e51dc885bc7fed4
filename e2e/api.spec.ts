import { allEndpoints } from "@/lib/api/catalog";
import { expect, test, tokenFor } from "./fixtures";

// Machine callers: API tokens only, none of the signed-in browser's cookies.
test.use({ storageState: { cookies: [], origins: [] } });

test.describe("the API on a production server", () => {
  test("serves seed 001's pool stats to a token, as the runbook's curl does", async ({ request }) => {
    const response = await request.get("/api/health/pool-stats", { headers: { Authorization: `Bearer ${tokenFor("viewer")}` } });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["activeConnections", "availableConnections", "maxConnections", "queuedRequests", "utilizationPercent"]);
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

  test("evaluates flags on Opsdeck's direct path in step with changes and revocations made through the other routes", async ({ request }) => {
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
