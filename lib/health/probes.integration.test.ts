import { describe, expect, it } from "vitest";
import { GET as summary } from "@/app/api/health/route";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { call, tokenFor } from "@/scripts/test/requests";

describe("health probes for load balancers and kubelets", () => {
  it("answers 2,000 anonymous probes in a row from one address with 200, none rate limited", async () => {
    // One address: anonymous API callers share 120 a minute and 1,000 an hour per address.
    const headers = { "x-forwarded-for": "203.0.113.7" };
    const statuses = new Map<number, number>();
    const liveMs: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const started = performance.now();
      const response = await call(i % 2 === 0 ? live : ready, { headers });
      if (i % 2 === 0) liveMs.push(performance.now() - started);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.headers.get("x-ratelimit-limit")).toBeNull();
    }
    liveMs.sort((a, b) => a - b);
    const at = (q: number) => liveMs[Math.floor(q * (liveMs.length - 1))]!.toFixed(2);
    console.info(`2,000 probes: ${JSON.stringify(Object.fromEntries(statuses))}; live in process p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
    expect(Object.fromEntries(statuses)).toEqual({ 200: 2_000 });
  });

  it("never reads a credential on the live and ready probes: a bad token still gets 200", async () => {
    for (const probe of [live, ready]) {
      const response = await call(probe, { token: "odk_not_a_token" });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ status: "ok" });
    }
  });

  it("tells an anonymous caller of /api/health its status only, and a viewer the details", async () => {
    const anonymous = await call(summary);
    expect(anonymous.status).toBe(200);
    expect(anonymous.json).toEqual({ status: "healthy" });
    const viewer = await call(summary, { token: await tokenFor("viewer") });
    expect(viewer.status).toBe(200);
    expect(viewer.json.checks.database).toBe("healthy");
    expect(viewer.json.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
