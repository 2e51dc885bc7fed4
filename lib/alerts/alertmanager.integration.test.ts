import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAlertmanagerForTests } from "@/lib/alerts/alertmanager";
import { evaluateOnce, LEASE_NAME } from "@/lib/alerts/evaluator";
import { alertFingerprint } from "@/lib/alerts/fingerprint";
import { createRule } from "@/lib/alerts/service";
import { systemActor } from "@/lib/audit";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db";
import { M } from "@/lib/metrics/measurements";
import { metricsStore } from "@/lib/metrics/store";
import { startAlertmanager } from "@/scripts/test/alertmanager";
import { type Instance, startInstance } from "@/scripts/test/instances";
import { tokenFor } from "@/scripts/test/requests";

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) whose webhook receiver calls back into a
 * second Opsdeck process (scripts/test/route-server.ts) on the same database.
 */
const AM_PORT = 3740;
const OPSDECK_PORT = 3741;
const admin = systemActor("alertmanager-test");

let alertmanager: Awaited<ReturnType<typeof startAlertmanager>>;
let opsdeck: Instance;

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function ruleOn(endpoint: string, name: string) {
  return createRule(
    {
      name,
      description: "Alertmanager round trip",
      query: { kind: "ratio", numerator: { measurement: M.error, where: { endpoint } }, denominator: { measurement: M.request, where: { endpoint } }, groupBy: ["endpoint"], window: "5m" },
      comparison: ">",
      threshold: 0.05,
      for: "0s",
      keepFiringFor: "0s",
      labels: { severity: "critical", service: "am-test" },
      annotations: { summary: `Errors on ${endpoint}`, runbook: "deployment" },
      enabled: true,
    },
    admin,
  );
}

async function traffic(endpoint: string, requests: number, errors: number) {
  const now = Date.now();
  // Through the production store, so the rollups the evaluator reads for whole minutes exist too
  // (raw points alone were invisible whenever they fell in an already-complete minute).
  await metricsStore().write([
    ...Array.from({ length: requests }, (_, i) => ({ measurement: M.request, tags: { endpoint, status: "200" }, fields: { duration_ms: 20 }, timeUs: (now - 30_000 + i) * 1000 })),
    ...Array.from({ length: errors }, (_, i) => ({ measurement: M.error, tags: { endpoint, errorType: "Boom" }, fields: { duration_ms: 20, message: "boom" }, timeUs: (now - 30_000 + i) * 1000 })),
  ]);
}

const labelsOf = (name: string, endpoint: string) => ({ alertname: name, severity: "critical", service: "am-test", endpoint });

beforeAll(async () => {
  const token = await tokenFor("operator");
  opsdeck = await startInstance({ ROUTE_SERVER_PORT: String(OPSDECK_PORT), ALERTS_EVALUATOR: "false" });
  alertmanager = await startAlertmanager({ port: AM_PORT, webhookUrl: `${opsdeck.url}/api/webhooks/alertmanager`, token });
  process.env.ALERTMANAGER_URL = alertmanager.url;
  resetConfigForTests();
  resetAlertmanagerForTests();
  await db().alertRule.updateMany({ data: { enabled: false } });
  await db().slo.updateMany({ data: { enabled: false } });
  await db().lease.deleteMany({ where: { name: LEASE_NAME } });
});

afterAll(async () => {
  delete process.env.ALERTMANAGER_URL;
  resetConfigForTests();
  resetAlertmanagerForTests();
  await alertmanager?.stop();
  await opsdeck?.stop();
});

describe("delivery through a real Alertmanager", () => {
  it("fires into exactly one incident, the webhook landing on the one Opsdeck opened; resolving resolves it", async () => {
    const endpoint = `/am-${Date.now()}`;
    await ruleOn(endpoint, "AmRoundTrip");
    await traffic(endpoint, 100, 10);
    const fired = await evaluateOnce({ holder: "am-test" });
    expect(fired.alertmanager).toBe(true);
    const fingerprint = alertFingerprint(labelsOf("AmRoundTrip", endpoint));

    // Alertmanager computes the same fingerprint, and its webhook updates the same alert row.
    const amAlerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts?filter=alertname%3D%22AmRoundTrip%22`)).json()) as Array<{ fingerprint: string; generatorURL: string }>;
    expect(amAlerts.map((alert) => alert.fingerprint)).toEqual([fingerprint]);
    expect(amAlerts[0]?.generatorURL).toMatch(/\/metrics\?range=custom&from=/);
    const notified = await waitFor("the webhook", async () => {
      const rows = await db().incidentAlert.findMany({ where: { fingerprint } });
      return rows.length === 1 && rows[0]!.notifications >= 2 ? rows : null;
    });
    const incident = await db().incident.findUniqueOrThrow({ where: { id: notified[0]!.incidentId }, include: { runs: true } });
    expect(incident).toMatchObject({ source: "opsdeck", status: "open", severity: "critical" });
    expect(incident.runs.map((run) => run.runbookSlug)).toEqual(["deployment"]);
    expect(await db().incidentAlert.count({ where: { fingerprint } })).toBe(1);

    // Enough good requests to bring the ratio under 5 %: resolved, directly and by Alertmanager.
    await traffic(endpoint, 1000, 0);
    await evaluateOnce({ holder: "am-test" });
    const resolved = await waitFor("the resolved webhook", async () => {
      const row = await db().incidentAlert.findFirst({ where: { fingerprint } });
      return row && row.status === "resolved" && row.notifications >= 3 ? row : null;
    });
    expect(resolved.incidentId).toBe(incident.id);
    expect(await db().incident.count({ where: { alerts: { some: { fingerprint } } } })).toBe(1);
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).alertsResolvedAt).not.toBeNull();
  });

  it("sends nothing on from Alertmanager while an Alertmanager silence matches", async () => {
    const endpoint = `/am-silenced-${Date.now()}`;
    await ruleOn(endpoint, "AmSilenced");
    const now = Date.now();
    const silence = await fetch(`${alertmanager.url}/api/v2/silences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        matchers: [{ name: "alertname", value: "AmSilenced", isRegex: false, isEqual: true }],
        startsAt: new Date(now - 1000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        createdBy: "test",
        comment: "maintenance",
      }),
    });
    expect(silence.ok).toBe(true);
    await traffic(endpoint, 100, 20);
    expect((await evaluateOnce({ holder: "am-test" })).alertmanager).toBe(true);
    const fingerprint = alertFingerprint(labelsOf("AmSilenced", endpoint));
    const state = await waitFor("Alertmanager to hold the alert", async () => {
      const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts?silenced=true&filter=alertname%3D%22AmSilenced%22`)).json()) as Array<{ status: { state: string } }>;
      return alerts[0]?.status.state;
    });
    expect(state).toBe("suppressed");
    // Well past group_wait: the webhook never came (the direct delivery is the only notification).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const rows = await db().incidentAlert.findMany({ where: { fingerprint } });
    expect(rows.map((row) => row.notifications)).toEqual([1]);
  });

  it("keeps evaluating when Alertmanager is unreachable, and says so", async () => {
    await alertmanager.stop();
    const report = await evaluateOnce({ holder: "am-test" });
    expect(report.evaluated).toBe(true);
    expect(report.alertmanager).toBe(false);
    const { alertmanagerClient } = await import("@/lib/alerts/alertmanager");
    expect(alertmanagerClient()?.note()).toMatch(/failed/);
  });
});
