import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AddressInfo } from "node:net";
import { authSecret } from "@/lib/auth/secret";
import { parseEdgeConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { type FlagEdge, startFlagEdge } from "@/lib/edge/server";
import { logLineSchema } from "@/lib/observability/log-line";
import { eventually } from "@/scripts/test/eventually";
import { startHaproxy, type TestBalancer } from "@/scripts/test/haproxy";
import { startInstance, type Instance } from "@/scripts/test/instances";
import { sessionFor, tokenFor } from "@/scripts/test/requests";

/**
 * Two Opsdeck instances and a flag edge behind a real haproxy (round robin; the flag-evaluation
 * paths to the edge), on one PostgreSQL and one Redis, as README "Running several instances"
 * describes them.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let a: Instance;
let b: Instance;
let edge: FlagEdge;
let balancer: TestBalancer;
let admin: string;
const logs: Record<"a" | "b", string[]> = { a: [], b: [] };

beforeAll(async () => {
  admin = await tokenFor("admin");
  // Whatever ran before (other tests in this database) must not have claimed this hour's sweep already.
  await db().periodicJobRun.deleteMany({ where: { name: "metrics.retention" } });
  const env = { DATABASE_URL: inject("databaseUrl"), REDIS_URL, AUTH_SECRET: authSecret(), INFLUXDB_URL: "", LOG_LEVEL: "info" };
  [a, b] = await Promise.all([startInstance(env, (line) => logs.a.push(line)), startInstance(env, (line) => logs.b.push(line))]);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  edge = await startFlagEdge({ ...parseEdgeConfig({ FLAG_EDGE_UPSTREAM_URL: a.url, FLAG_EDGE_TOKEN: admin }), FLAG_EDGE_PORT: 0 }, quiet);
  balancer = await startHaproxy({ a: a.url, b: b.url }, { edge: `http://127.0.0.1:${(edge.server.address() as AddressInfo).port}` });
});

afterAll(async () => {
  await balancer?.stop();
  await edge?.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
const viaBalancer = (path: string, init?: RequestInit) => fetch(`${balancer.url}${path}`, init);

describe("several instances behind haproxy", () => {
  it("keeps a person signed in whichever instance answers (one AUTH_SECRET), and refuses the session on an instance with another secret", async () => {
    const cookie = await sessionFor("viewer");
    const answers = await Promise.all(Array.from({ length: 6 }, () => viaBalancer("/api/admin/incidents", { headers: { cookie } })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.headers.get("x-served-by")))).toEqual(new Set(["a", "b"]));
    const stranger = await startInstance({ DATABASE_URL: inject("databaseUrl"), AUTH_SECRET: randomUUID() + randomUUID() }, () => undefined);
    try {
      expect((await fetch(`${stranger.url}/api/admin/incidents`, { headers: { cookie } })).status).toBe(401);
    } finally {
      await stranger.stop();
    }
  });

  it("serves a flag change made through A from B within a second", async () => {
    const name = `several_${Date.now()}`;
    const created = await fetch(`${a.url}/api/admin/feature-flags`, { method: "POST", headers: bearer(admin), body: JSON.stringify({ name, enabled: true, rolloutPercentage: 0 }) });
    expect(created.status).toBe(201);
    const servedByB = async () => ((await (await fetch(`${b.url}/api/admin/feature-flags/${name}`, { headers: bearer(admin) })).json()) as { rolloutPercentage?: number }).rolloutPercentage;
    await eventually(async () => ((await servedByB()) === 0 ? true : undefined), 3_000);
    const delays: number[] = [];
    for (const percentage of [10, 50, 100]) {
      expect((await fetch(`${a.url}/api/admin/feature-flags/${name}`, { method: "POST", headers: bearer(admin), body: JSON.stringify({ rolloutPercentage: percentage }) })).status).toBe(200);
      // From A's answer (the change is committed) to B serving it.
      const changed = performance.now();
      await eventually(async () => ((await servedByB()) === percentage ? true : undefined), 1_000, 20);
      delays.push(performance.now() - changed);
    }
    console.info(`flag change through A served by B after ${delays.map((ms) => ms.toFixed(0)).join(", ")} ms`);
    expect(Math.max(...delays)).toBeLessThan(1_000);
  });

  it("answers flag evaluation at the balancer's one URL from the edge, and everything else from the instances", async () => {
    const name = `edge_routed_${Date.now()}`;
    const created = await viaBalancer("/api/admin/feature-flags", { method: "POST", headers: bearer(admin), body: JSON.stringify({ name, enabled: true, rolloutPercentage: 100 }) });
    expect(created.status).toBe(201);
    expect(["a", "b"]).toContain(created.headers.get("x-served-by"));
    const evaluated = async () => {
      const answer = await viaBalancer(`/ofrep/v1/evaluate/flags/${name}`, { method: "POST", headers: bearer(admin), body: JSON.stringify({ context: { targetingKey: "user-1" } }) });
      return { servedBy: answer.headers.get("x-served-by"), status: answer.status, value: answer.ok ? ((await answer.json()) as { value: boolean }).value : undefined };
    };
    // The edge follows A's stream: the new flag reaches it within a second.
    expect(await eventually(async () => ((await evaluated()).value === true ? evaluated() : undefined), 1_000, 20)).toEqual({ servedBy: "edge", status: 200, value: true });
    const bulk = await viaBalancer("/api/flags/evaluate?userId=user-1&env=production", { headers: bearer(admin) });
    expect([bulk.status, bulk.headers.get("x-served-by")]).toEqual([200, "edge"]);
    expect(((await bulk.json()) as { flags: Record<string, { enabled: boolean }> }).flags[name]?.enabled).toBe(true);
    // Switched off through the balancer (an instance), served off by the edge within a second.
    expect((await viaBalancer(`/api/admin/feature-flags/${name}`, { method: "POST", headers: bearer(admin), body: JSON.stringify({ enabled: false }) })).status).toBe(200);
    expect(await eventually(async () => ((await evaluated()).value === false ? evaluated() : undefined), 1_000, 20)).toEqual({ servedBy: "edge", status: 200, value: false });
  });

  it("compresses at the balancer, where README's configuration puts it (Opsdeck does not gzip in Node)", async () => {
    const answer = await viaBalancer("/api/openapi.json", { headers: { ...bearer(admin), "accept-encoding": "gzip" } });
    expect([answer.status, answer.headers.get("content-encoding")]).toEqual([200, "gzip"]);
    expect(((await answer.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it("shares rate limits: one caller's bucket is drained by calls spread over both instances", async () => {
    const route = "/api/health/pool-stats";
    const configure = (limit: unknown) =>
      fetch(`${a.url}/api/admin/ratelimit/config`, { method: "POST", headers: bearer(admin), body: JSON.stringify({ routeLimits: { [route]: limit } }) });
    const configured = await configure({ requestsPerMinute: 2, burst: 1 });
    expect(configured.status, await configured.clone().text()).toBe(200);
    const viewer = await tokenFor("viewer");
    try {
      // B applies A's change through Redis pub/sub; an unrelated caller watches for it.
      const watcher = await tokenFor("viewer");
      const limitOnB = async () => (await fetch(`${b.url}${route}`, { headers: bearer(watcher) })).headers.get("x-ratelimit-limit");
      await eventually(async () => ((await limitOnB()) === "2" ? true : undefined), 3_000).catch(async (error: Error) => {
        throw new Error(`${error.message}: B still limits at ${await limitOnB()}`);
      });
      // Alternately on A and B: one bucket of 3 for the caller, wherever the calls land.
      const statuses = [];
      for (const instance of [a, b, a, b]) statuses.push((await fetch(`${instance.url}${route}`, { headers: bearer(viewer) })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await configure(null);
    }
  });

  it("runs a periodic job (metrics retention) once, not once per instance", async () => {
    // Each instance starts its metrics store, and with it the hourly retention sweep, on first use.
    for (let i = 0; i < 4; i++) expect((await viaBalancer("/api/admin/metrics/errors?window=1h", { headers: bearer(admin) })).status).toBe(200);
    await eventually(async () => ((await db().periodicJobRun.findUnique({ where: { name: "metrics.retention" } })) ? true : undefined), 3_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const claimed = (lines: string[]) => lines.map((line) => JSON.parse(line)).filter((line) => line.message === "periodic job claimed" && line.job === "metrics.retention");
    expect(claimed(logs.a).length + claimed(logs.b).length).toBe(1);
  });

  it("opens one incident when a webhook retry lands on the other instance", async () => {
    const groupKey = `several-${randomUUID()}`;
    const payload = JSON.stringify({
      receiver: "opsdeck",
      status: "firing",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "AuthLatencyHigh", severity: "critical", service: "auth" },
          annotations: { summary: "Auth p95 above 1 s" },
          startsAt: "2026-11-23T12:00:00.000Z",
          endsAt: "0001-01-01T00:00:00Z",
          generatorURL: "http://prometheus:9090/graph",
          fingerprint: `fp-${randomUUID()}`,
        },
      ],
      groupLabels: { alertname: "AuthLatencyHigh" },
      commonLabels: { alertname: "AuthLatencyHigh" },
      commonAnnotations: {},
      externalURL: "http://alertmanager:9093",
      version: "4",
      groupKey,
      truncatedAlerts: 0,
    });
    const operator = await tokenFor("operator");
    const deliveries = [];
    const deliver = (url: string) => fetch(`${url}/api/webhooks/alertmanager`, { method: "POST", headers: bearer(operator), body: payload });
    // The first delivery on A, its retry on B, then both at once, then through the balancer.
    deliveries.push(await deliver(a.url), await deliver(b.url));
    deliveries.push(...(await Promise.all([deliver(a.url), deliver(b.url), deliver(balancer.url)])));
    expect(deliveries.map((answer) => answer.ok)).toEqual([true, true, true, true, true]);
    expect(await db().incident.count({ where: { groupKey } })).toBe(1);
  });

  it("writes both instances' logs in the seeds' schema", () => {
    for (const line of [...logs.a, ...logs.b]) expect(logLineSchema.safeParse(JSON.parse(line)).success, line).toBe(true);
    expect(logs.a.length + logs.b.length).toBeGreaterThan(10);
  });
});
