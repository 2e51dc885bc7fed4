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

  test("exposes Prometheus metrics with seed 004's buckets", async ({ request }) => {
    const headers = { Authorization: `Bearer ${tokenFor("viewer")}` };
    await request.get("/api/health/pool-stats", { headers });
    const response = await request.get("/api/metrics", { headers });
    expect(response.headers()["content-type"]).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.01"');
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/health\/pool-stats",status="200"\} \d+/);
  });
});
