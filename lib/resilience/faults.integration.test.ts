import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createApiToken } from "@/lib/auth/tokens";
import { resetConfigForTests } from "@/lib/config";
import { closeDatabase } from "@/lib/db";
import { startInstance, type Instance } from "@/scripts/test/instances";
import { startPrivatePostgres } from "@/scripts/test/postgres-server";
import { startPrivateRedis } from "@/scripts/test/redis-server";
import { tokenFor } from "@/scripts/test/requests";

/*
 * Faults with real services: a PostgreSQL cluster and a redis-server of this test's own (never the
 * machine's), stopped and started under two Opsdeck instances in their own processes. Each case
 * prints its figures ("[faults] …") so they can be quoted.
 */
const PG_PORT = Number(process.env.FAULTS_PG_PORT ?? 5441);
const REDIS_PORT = Number(process.env.FAULTS_REDIS_PORT ?? 6391);

let postgres: Awaited<ReturnType<typeof startPrivatePostgres>>;
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let a: Instance;
let b: Instance;
let admin: string;
let service: string;
const sharedDatabaseUrl = process.env.DATABASE_URL;

const report = (line: string) => console.log(`[faults] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(instance: Instance, method: string, path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${instance.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}

async function json<T>(response: Promise<Response>): Promise<{ status: number; body: T }> {
  const answer = await response;
  return { status: answer.status, body: (await answer.json().catch(() => undefined)) as T };
}

/** Milliseconds until `check` holds (polling every 10 ms), or a failure after `timeoutMs`. */
async function msUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return Math.round(performance.now() - started);
    await sleep(10);
  }
  throw new Error(`${what}: not seen within ${timeoutMs} ms`);
}

const healthy = (instance: Instance) => async () => (await send(instance, "GET", "/api/health", service)).status === 200;
const ready = (instance: Instance) => async () => (await send(instance, "GET", "/api/health/ready", service)).status === 200;

async function rollout(instance: Instance, name: string): Promise<number | undefined> {
  const { body } = await json<{ rolloutPercentage?: number }>(send(instance, "GET", `/api/admin/feature-flags/${name}`, admin));
  return body?.rolloutPercentage;
}

async function lockDuration(instance: Instance): Promise<number | undefined> {
  const { body } = await json<{ settings?: { lockDurationMinutes: number } }>(send(instance, "GET", "/api/admin/ratelimit/config", admin));
  return body?.settings?.lockDurationMinutes;
}

async function changeRollout(instance: Instance, name: string, percentage: number): Promise<void> {
  expect((await send(instance, "POST", `/api/admin/feature-flags/${name}`, admin, { rolloutPercentage: percentage })).status).toBe(200);
}

async function changeLockDuration(instance: Instance, minutes: number): Promise<void> {
  expect((await send(instance, "POST", "/api/admin/ratelimit/config", admin, { lockDurationMinutes: minutes })).status).toBe(200);
}

interface Probe {
  label: string;
  send(): Promise<Response>;
}

/** Steady traffic (round robin over `probes`), counting answers by label and status. */
function traffic(probes: Probe[], perSecond: number) {
  const counts = new Map<string, Map<string, number>>();
  const missingRetryAfter: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  const count = (label: string, status: string) => {
    const byStatus = counts.get(label) ?? new Map<string, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    counts.set(label, byStatus);
  };
  const timer = setInterval(() => {
    const probe = probes[next++ % probes.length]!;
    const request = probe
      .send()
      .then(async (response) => {
        count(probe.label, String(response.status));
        if (response.status === 503 && !response.headers.get("retry-after")) missingRetryAfter.push(probe.label);
        await response.arrayBuffer();
      })
      .catch((error: Error) => count(probe.label, `error:${error.name}`))
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }, 1000 / perSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      const table = Object.fromEntries([...counts].map(([label, byStatus]) => [label, Object.fromEntries([...byStatus].sort())]));
      return { table, missingRetryAfter };
    },
    /** Every status seen, over all labels. */
    statuses: () => new Set([...counts.values()].flatMap((byStatus) => [...byStatus.keys()])),
  };
}

/** Both instances, and the flag the cases change (started by the first case, which needs Redis down). */
async function startInstances(): Promise<void> {
  if (a) return;
  const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, RATE_LIMIT_FAIL_MODE: "open" };
  [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  expect((await send(a, "POST", "/api/admin/feature-flags", admin, { name: "fault_probe", enabled: true, rolloutPercentage: 1 })).status).toBe(201);
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPrivatePostgres(PG_PORT), startPrivateRedis(REDIS_PORT)]);
  // This process creates the tokens in the private cluster, like an operator's script would.
  await closeDatabase();
  process.env.DATABASE_URL = postgres.url;
  resetConfigForTests();
  [admin, service] = await Promise.all([tokenFor("admin"), tokenFor("viewer")]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await closeDatabase();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  resetConfigForTests();
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

describe("faults with two instances, a private PostgreSQL and a private Redis", () => {
  it("instances started while Redis is down subscribe once it returns: changes reach the other instance within a second", async () => {
    await redis.stop();
    await startInstances();
    // Both instances cache the flag and the configuration while Redis is still away.
    expect(await rollout(b, "fault_probe")).toBe(1);
    expect(await lockDuration(b)).toBe(15);

    await redis.restart();
    const healthyAfter = await Promise.all([a, b].map((instance, i) => msUntil(`instance ${i} healthy`, healthy(instance))));
    await sleep(300);
    const flagStarted = performance.now();
    await changeRollout(a, "fault_probe", 2);
    const flagMs = (await msUntil("flag change on B", async () => (await rollout(b, "fault_probe")) === 2)) + Math.round(performance.now() - flagStarted);
    const configStarted = performance.now();
    await changeLockDuration(a, 16);
    const configMs = (await msUntil("config change on B", async () => (await lockDuration(b)) === 16)) + Math.round(performance.now() - configStarted);
    report(`start-up without Redis: healthy ${healthyAfter.join(" / ")} ms after Redis started; then a flag change reached B in ${flagMs} ms, a config change in ${configMs} ms`);
    expect(Math.max(flagMs, configMs)).toBeLessThan(1_000);
    expect(Math.max(...healthyAfter)).toBeLessThan(5_000);
  }, 120_000);

  it("a Redis outage: answers stay 200, changes made during it reach the other instance within a second of its return, both healthy within seconds", async () => {
    await startInstances();
    const load = traffic(
      [a, b].flatMap((instance, i) => [
        { label: `ofrep@${i}`, send: () => send(instance, "POST", "/ofrep/v1/evaluate/flags/fault_probe", service, { context: { targetingKey: "u1" } }) },
        { label: `flags@${i}`, send: () => send(instance, "GET", "/api/admin/feature-flags", service) },
      ]),
      40,
    );
    await redis.stop();
    const outageStarted = performance.now();
    await sleep(3_000);
    await changeRollout(a, "fault_probe", 30);
    await changeLockDuration(a, 31);
    await sleep(Math.max(0, 10_000 - (performance.now() - outageStarted)));
    await redis.restart();
    const [flagMs, configMs, ...healthyAfter] = await Promise.all([
      msUntil("flag change on B", async () => (await rollout(b, "fault_probe")) === 30),
      msUntil("config change on B", async () => (await lockDuration(b)) === 31),
      ...[a, b].map((instance, i) => msUntil(`instance ${i} healthy`, healthy(instance))),
    ]);
    const { table } = await load.stop();
    report(`Redis down 10 s: answers ${JSON.stringify(table)}`);
    report(`after Redis returned: flag change (made during the outage) on B after ${flagMs} ms, config change after ${configMs} ms; healthy after ${healthyAfter.join(" / ")} ms`);
    expect(Math.max(flagMs!, configMs!)).toBeLessThan(1_000);
    expect(Math.max(...healthyAfter)).toBeLessThan(5_000);
    expect([...load.statuses()]).toEqual(["200"]);
  }, 120_000);

  it("a token revoked on A is refused by B within a second", async () => {
    await startInstances();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { token, apiToken } = await createApiToken({ name: `revoked-${i}`, role: "viewer" }, systemActor("test"));
      const id = apiToken.id;
      // B has just validated it, so it holds the token in its cache.
      expect((await send(b, "GET", "/api/admin/feature-flags", token)).status).toBe(200);
      const started = performance.now();
      expect((await send(a, "DELETE", `/api/admin/tokens/${id}`, admin)).status).toBe(200);
      await msUntil("revocation on B", async () => (await send(b, "GET", "/api/admin/feature-flags", token)).status === 401, 6_000);
      times.push(Math.round(performance.now() - started));
    }
    report(`revocation on A refused by B after ${times.join(", ")} ms`);
    expect(Math.max(...times)).toBeLessThan(1_000);
  }, 60_000);

  it("a PostgreSQL outage: 503 with Retry-After and never 500, flag evaluation keeps answering, ready again within seconds", async () => {
    await startInstances();
    // The service's token is validated before the outage (it is then in each instance's last known set).
    for (const instance of [a, b]) expect((await send(instance, "POST", "/ofrep/v1/evaluate/flags", service, {})).status).toBe(200);
    const evaluations = traffic(
      [a, b].flatMap((instance, i) => [
        { label: `ofrep-one@${i}`, send: () => send(instance, "POST", "/ofrep/v1/evaluate/flags/fault_probe", service, { context: { targetingKey: "u2" } }) },
        { label: `ofrep-bulk@${i}`, send: () => send(instance, "POST", "/ofrep/v1/evaluate/flags", service, { context: { targetingKey: "u3" } }) },
      ]),
      30,
    );
    const database = traffic(
      [a, b].flatMap((instance, i) => [
        { label: `tokens@${i}`, send: () => send(instance, "GET", "/api/admin/tokens", admin) },
        { label: `change@${i}`, send: () => send(instance, "POST", "/api/admin/feature-flags/fault_probe", admin, { description: `during ${Date.now()}` }) },
        { label: `audit@${i}`, send: () => send(instance, "GET", "/api/admin/feature-flags/fault_probe/history", admin) },
        { label: `ready@${i}`, send: () => send(instance, "GET", "/api/health/ready", service) },
      ]),
      30,
    );
    await sleep(1_000);
    await postgres.stop();
    await sleep(15_000);
    await postgres.start();
    const readyAfter = await Promise.all(
      [a, b].map((instance, i) =>
        msUntil(`instance ${i} ready`, ready(instance)).catch(async (error: Error) => {
          const pool = await json(send(instance, "GET", "/api/health/pool-stats", service)).catch(() => null);
          throw new Error(`${error.message}; pool: ${JSON.stringify(pool)}`);
        }),
      ),
    );
    const servingAfter = await Promise.all(
      [a, b].map((instance, i) => msUntil(`instance ${i} lists tokens`, async () => (await send(instance, "GET", "/api/admin/tokens", admin)).status === 200)),
    );
    await sleep(1_000);
    const evaluated = await evaluations.stop();
    const databased = await database.stop();
    report(`PostgreSQL down 15 s: flag evaluations ${JSON.stringify(evaluated.table)}`);
    report(`PostgreSQL down 15 s: database routes ${JSON.stringify(databased.table)}`);
    report(`after PostgreSQL returned: ready after ${readyAfter.join(" / ")} ms, tokens listed after ${servingAfter.join(" / ")} ms`);
    expect([...evaluations.statuses()]).toEqual(["200"]);
    expect([...database.statuses()].sort()).toEqual(["200", "503"]);
    expect(databased.missingRetryAfter).toEqual([]);
    expect(Math.max(...readyAfter)).toBeLessThan(3_000);
  }, 120_000);
});
