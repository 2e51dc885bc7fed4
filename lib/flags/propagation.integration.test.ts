import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FeatureFlagManager } from "@/lib/flags/sdk";
import { startInstance, type Instance } from "@/scripts/test/instances";
import { call, tokenFor } from "@/scripts/test/requests";
import { waitFor } from "@/scripts/test/wait-for";
import * as flagsRoute from "@/app/api/admin/feature-flags/route";

/**
 * Two Opsdeck instances in their own processes, one database, the real Redis: a change made on A
 * must be served by B and reach an SDK connected to B within a second.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let a: Instance;
let b: Instance;
let token: string;

beforeAll(async () => {
  token = await tokenFor("admin");
  const env = { DATABASE_URL: inject("databaseUrl"), REDIS_URL };
  [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  const created = await call(flagsRoute.POST, { token, body: { name: "propagation_probe", enabled: true, rolloutPercentage: 0 } });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const headers = () => ({ Authorization: `Bearer ${token}`, "Content-Type": "application/json" });

async function setRollout(instance: Instance, percentage: number): Promise<void> {
  const response = await fetch(`${instance.url}/api/admin/feature-flags/propagation_probe`, {
    method: "POST",
    headers: headers(),
    body: JSON.stringify({ rolloutPercentage: percentage }),
  });
  expect(response.status).toBe(200);
}

async function servedBy(instance: Instance): Promise<number> {
  const response = await fetch(`${instance.url}/api/admin/feature-flags/propagation_probe`, { headers: headers() });
  return ((await response.json()) as { rolloutPercentage: number }).rolloutPercentage;
}


describe("propagation across instances", () => {
  it("serves a change made on A from B, and pushes it to an SDK on B, within a second", async () => {
    // Warm both instances (first requests compile modules and open connections), and let B cache the flags.
    await setRollout(a, 5);
    await waitFor(async () => (await servedBy(b)) === 5);
    const sdk = new FeatureFlagManager({ baseUrl: b.url, token, pollIntervalMs: 60_000 });
    await sdk.ready();
    const toB: number[] = [];
    const toSdk: number[] = [];
    try {
      for (let i = 1; i <= 10; i++) {
        const percentage = i * 10;
        const sdkSaw = waitFor(() => sdk.getFlag("propagation_probe")?.rolloutPercentage === percentage);
        const started = performance.now();
        await setRollout(a, percentage);
        await waitFor(async () => (await servedBy(b)) === percentage);
        toB.push(performance.now() - started);
        toSdk.push(await sdkSaw);
      }
    } finally {
      sdk.close();
    }
    expect(Math.max(...toB)).toBeLessThan(1_000);
    expect(Math.max(...toSdk)).toBeLessThan(1_000);
  });

  it("within one instance without Redis, an SDK still sees a change at once", async () => {
    const lone = await startInstance({ DATABASE_URL: inject("databaseUrl"), REDIS_URL: "" });
    const sdk = new FeatureFlagManager({ baseUrl: lone.url, token, pollIntervalMs: 60_000 });
    try {
      await sdk.ready();
      await setRollout(lone, 37);
      expect(await waitFor(() => sdk.getFlag("propagation_probe")?.rolloutPercentage === 37)).toBeLessThan(1_000);
    } finally {
      sdk.close();
      await lone.stop();
    }
  });

  it("falls back to polling with ETags when the stream is unavailable", async () => {
    const sdk = new FeatureFlagManager({ baseUrl: a.url, token, stream: false, pollIntervalMs: 50 });
    try {
      await sdk.ready();
      await setRollout(b, 63);
      await waitFor(() => sdk.getFlag("propagation_probe")?.rolloutPercentage === 63);
      expect(sdk.evaluateFlags("user123")).toHaveProperty("propagation_probe");
    } finally {
      sdk.close();
    }
  });
});
