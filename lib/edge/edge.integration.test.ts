import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import * as flagsRoute from "@/app/api/admin/feature-flags/route";
import { parseEdgeConfig } from "@/lib/config";
import { type FlagEdge, startFlagEdge } from "@/lib/edge/server";
import { startInstance, type Instance } from "@/scripts/test/instances";
import { PARITY_FLAG, parityCases, sendCase } from "@/scripts/test/edge-parity";
import { call, tokenFor } from "@/scripts/test/requests";
import { waitFor } from "@/scripts/test/wait-for";

/**
 * A flag edge in front of a real Opsdeck instance (its own process, the integration database):
 * the same answers as the instance for valid and rejected calls, revocations within a second,
 * changes over the stream, the last good flags kept when Opsdeck goes away.
 */
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let upstream: Instance;
let edge: FlagEdge;
let edgeUrl: string;
let admin: string;
let viewer: string;

const edgeConfig = (upstreamUrl: string, token: string) =>
  ({ ...parseEdgeConfig({ FLAG_EDGE_UPSTREAM_URL: upstreamUrl, FLAG_EDGE_TOKEN: token, FLAG_EDGE_POLL_SECONDS: "0.2" }), FLAG_EDGE_PORT: 0 });

async function startEdge(upstreamUrl: string, token: string): Promise<{ edge: FlagEdge; url: string }> {
  const started = await startFlagEdge(edgeConfig(upstreamUrl, token), quiet);
  return { edge: started, url: `http://127.0.0.1:${(started.server.address() as AddressInfo).port}` };
}


const ready = (url: string) => fetch(`${url}/health/ready`).then((response) => response.ok).catch(() => false);

beforeAll(async () => {
  admin = await tokenFor("admin");
  viewer = await tokenFor("viewer");
  upstream = await startInstance({ DATABASE_URL: inject("databaseUrl") });
  const created = await call(flagsRoute.POST, { token: admin, body: { name: PARITY_FLAG, enabled: true, rolloutPercentage: 50 } });
  expect([201, 409]).toContain(created.status);
  ({ edge, url: edgeUrl } = await startEdge(upstream.url, admin));
  await waitFor(() => ready(edgeUrl), 20_000);
});

afterAll(async () => {
  await edge?.close();
  await upstream?.stop();
});

describe("the flag edge", () => {
  it("answers every evaluation case exactly as the web app does", async () => {
    const snapshot = await fetch(`${upstream.url}/api/flags`, { headers: { Authorization: `Bearer ${viewer}` } });
    const ofrep = await fetch(`${upstream.url}/ofrep/v1/evaluate/flags`, {
      method: "POST",
      headers: { Authorization: `Bearer ${viewer}` },
      body: JSON.stringify({ context: { targetingKey: "user123", env: "production" } }),
    });
    const cases = parityCases({ snapshot: snapshot.headers.get("etag") as string, ofrep: ofrep.headers.get("etag") as string });
    for (const parity of cases) {
      const [fromWebApp, fromEdge] = [await sendCase(upstream.url, { viewer }, parity), await sendCase(edgeUrl, { viewer }, parity)];
      expect(fromEdge, parity.name).toEqual(fromWebApp);
    }
    expect(new Set(cases.map((parity) => parity.name)).size).toBe(cases.length);
  });

  it("refuses a revoked token within a second", async () => {
    // Created and revoked through the instance the edge follows: its announcements are what reach the edge's stream.
    const created = await fetch(`${upstream.url}/api/admin/tokens`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "edge-revocation", role: "viewer" }),
    });
    const { token, apiToken } = (await created.json()) as { token: string; apiToken: { id: string } };
    const status = () => fetch(`${edgeUrl}/api/flags`, { headers: { Authorization: `Bearer ${token}` } }).then((response) => response.status);
    await waitFor(async () => (await status()) === 200, 2_000);
    const revoked = await fetch(`${upstream.url}/api/admin/tokens/${apiToken.id}`, { method: "DELETE", headers: { Authorization: `Bearer ${admin}` } });
    expect(revoked.status).toBe(200);
    await waitFor(async () => (await status()) === 401, 1_000);
  });

  it("follows a change made in the web app over the stream", async () => {
    const evaluate = () =>
      fetch(`${edgeUrl}/ofrep/v1/evaluate/flags/${PARITY_FLAG}`, { method: "POST", headers: { Authorization: `Bearer ${viewer}` }, body: JSON.stringify({ context: { targetingKey: "u" } }) }).then(
        (response) => response.json() as Promise<{ metadata: { version: number } }>,
      );
    const before = (await evaluate()).metadata.version;
    const changed = await fetch(`${upstream.url}/api/admin/feature-flags/${PARITY_FLAG}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({ description: `changed at ${Date.now()}` }),
    });
    expect(changed.status).toBe(200);
    await waitFor(async () => (await evaluate()).metadata.version === before + 1, 1_000);
  });
});

/** A stand-in upstream that serves whatever document the test sets: the one way to make "Opsdeck" send a broken flag set. */
function fakeUpstream(documents: { flags: unknown; access: unknown }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const document = req.url === "/api/flags" ? documents.flags : req.url === "/api/edge/access" ? documents.access : undefined;
    // No streams here: the edge falls back to polling, which is what this exercises.
    if (document === undefined) return void res.writeHead(503).end();
    res.writeHead(200, { "Content-Type": "application/json" }).end(typeof document === "string" ? document : JSON.stringify(document));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

describe("the flag edge when Opsdeck misbehaves", () => {
  it("keeps the last good flag set when a broken one arrives, and says so", async () => {
    const good = await fetch(`${upstream.url}/api/flags`, { headers: { Authorization: `Bearer ${viewer}` } }).then((response) => response.json() as Promise<{ etag: string }>);
    const access = await fetch(`${upstream.url}/api/edge/access`, { headers: { Authorization: `Bearer ${admin}` } }).then((response) => response.json());
    const documents: { flags: unknown; access: unknown } = { flags: good, access };
    const fake = await fakeUpstream(documents);
    const started = await startEdge(fake.url, admin);
    try {
      await waitFor(() => ready(started.url), 20_000);
      documents.flags = { etag: '"broken"', flags: [{ name: "half a flag" }] };
      const health = () => fetch(`${started.url}/health/live`).then((response) => response.json() as Promise<{ flags: { etag: string; rejected: { reason: string } | null } }>);
      await waitFor(async () => (await health()).flags.rejected !== null, 5_000);
      expect((await health()).flags.etag).toBe(good.etag);
      const snapshot = await fetch(`${started.url}/api/flags`, { headers: { Authorization: `Bearer ${viewer}` } });
      expect(snapshot.headers.get("etag")).toBe(good.etag);
      documents.flags = "{ not json";
      await waitFor(async () => (await health()).flags.rejected?.reason.startsWith("not JSON") ?? false, 5_000);
      expect((await health()).flags.etag).toBe(good.etag);
    } finally {
      await started.edge.close();
      fake.server.close();
    }
  });

  it("serves the last known flags while Opsdeck is unreachable, and says since when", async () => {
    const own = await startInstance({ DATABASE_URL: inject("databaseUrl") });
    const started = await startEdge(own.url, admin);
    try {
      await waitFor(() => ready(started.url), 20_000);
      await own.stop();
      const health = () => fetch(`${started.url}/health/live`).then((response) => response.json() as Promise<{ status: string; flags: { unreachableSince: string | null } }>);
      await waitFor(async () => (await health()).flags.unreachableSince !== null, 5_000);
      expect((await health()).status).toBe("stale");
      expect(Date.parse((await health()).flags.unreachableSince as string)).toBeLessThanOrEqual(Date.now());
      expect((await fetch(`${started.url}/health/ready`)).status).toBe(200);
      const answer = await fetch(`${started.url}/api/flags/evaluate?userId=u`, { headers: { Authorization: `Bearer ${viewer}` } });
      expect(answer.status).toBe(200);
      expect(Object.keys(((await answer.json()) as { flags: object }).flags)).toContain(PARITY_FLAG);
    } finally {
      await started.edge.close();
    }
  });
});
