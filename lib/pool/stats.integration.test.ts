import { describe, expect, it } from "vitest";
import { GET as poolStats } from "@/app/api/health/pool-stats/route";
import { POST as write } from "@/app/api/admin/metrics/write/route";
import { metricsWriter } from "@/lib/metrics/store";
import { call, tokenFor } from "@/scripts/test/requests";

describe("GET /api/health/pool-stats?service= (seed 001: if queuedRequests > 0, pool is exhausted)", () => {
  it("reads the service's reported pools, not Opsdeck's own, during the service's pool incident", async () => {
    const [operator, viewer] = await Promise.all([tokenFor("operator"), tokenFor("viewer")]);
    const nowMs = Date.now();
    // An exhausted pool reported twice (the latest report wins) and a quiet second pool.
    const lines = [
      `pool_stats,service=billing-api,pool=primary active=6i,available=4i,queued=0i,max=10i,utilization_percent=60 ${nowMs - 120_000}`,
      `pool_stats,service=billing-api,pool=primary active=10i,available=0i,queued=7i,max=10i,utilization_percent=100 ${nowMs - 1_000}`,
      `pool_stats,service=billing-api,pool=readonly active=1i,available=4i,queued=0i,max=5i,utilization_percent=20 ${nowMs - 1_000}`,
      `pool_stats,service=other,pool=primary active=1i,available=9i,queued=0i,max=10i,utilization_percent=10 ${nowMs - 1_000}`,
    ];
    expect((await call(write, { token: operator, rawBody: lines.join("\n"), path: "/api/admin/metrics/write?precision=ms" })).status).toBe(200);
    await metricsWriter().flush({ ignoreBackoff: true });

    const service = await call(poolStats, { token: viewer, path: "/api/health/pool-stats?service=billing-api" });
    expect(service.status).toBe(200);
    expect(service.json).toMatchObject({
      service: "billing-api",
      activeConnections: 11,
      availableConnections: 4,
      queuedRequests: 7,
      maxConnections: 15,
      utilizationPercent: 73.3,
    });
    expect(service.json.pools).toEqual([
      expect.objectContaining({ pool: "primary", activeConnections: 10, queuedRequests: 7, maxConnections: 10, utilizationPercent: 100 }),
      expect.objectContaining({ pool: "readonly", activeConnections: 1, queuedRequests: 0, maxConnections: 5 }),
    ]);

    // Opsdeck's own pool stays under its own name, and is what a bare call answers (seed 001 as written).
    const own = await call(poolStats, { token: viewer, path: "/api/health/pool-stats?service=opsdeck" });
    expect(own.json).toMatchObject({ service: "opsdeck", queuedRequests: expect.any(Number), pools: [expect.objectContaining({ pool: "postgresql" })] });
    expect((await call(poolStats, { token: viewer })).json.service).toBe("opsdeck");

    const silent = await call(poolStats, { token: viewer, path: "/api/health/pool-stats?service=never-reported" });
    expect(silent.status).toBe(404);
    expect(silent.json.error.message).toContain("No pool stats reported by never-reported in the last 15 minutes");
    expect((await call(poolStats, { token: viewer, path: "/api/health/pool-stats?pool=x" })).status).toBe(400);
  });
});
