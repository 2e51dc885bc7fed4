import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as incidentsRoute from "@/app/api/admin/incidents/route";
import * as incidentRoute from "@/app/api/admin/incidents/[id]/route";
import * as runsRoute from "@/app/api/admin/incidents/[id]/runs/route";
import * as checksRoute from "@/app/api/admin/incidents/[id]/runs/[runId]/checks/route";
import * as notesRoute from "@/app/api/admin/incidents/[id]/notes/route";
import * as alertmanagerRoute from "@/app/api/webhooks/alertmanager/route";
import * as grafanaRoute from "@/app/api/webhooks/grafana/route";
import * as flagsRoute from "@/app/api/admin/feature-flags/route";
import * as flagRoute from "@/app/api/admin/feature-flags/[name]/route";
import * as invalidateRoute from "@/app/api/admin/cache/invalidate/route";
import { db } from "@/lib/db";
import { getRunbook, listRunbooks } from "@/lib/runbooks";
import type { Runbook } from "@/lib/runbooks/schemas";
import { call, tokenFor } from "@/scripts/test/requests";

let operator: string;
let viewer: string;
let slug: string;
let stepIds: string[];
let runbooks: Runbook[];

beforeAll(async () => {
  operator = await tokenFor("operator");
  viewer = await tokenFor("viewer");
  // The runbook with the most steps, so the concurrency test has steps to spare.
  runbooks = listRunbooks().map((summary) => getRunbook(summary.slug)!);
  const richest = [...runbooks].sort((a, b) => b.steps.length - a.steps.length)[0];
  if (!richest) throw new Error("no runbooks in the repository");
  slug = richest.slug;
  stepIds = richest.steps.map((step) => step.id);
});

/** A real Alertmanager v4 payload (as `amtool` and the docs show it), with its own group and fingerprints. */
function alertmanagerPayload(groupKey: string, alerts: { fingerprint: string; status?: "firing" | "resolved"; runbook?: string }[]) {
  const status = alerts.every((alert) => alert.status === "resolved") ? "resolved" : "firing";
  return {
    receiver: "opsdeck",
    status,
    alerts: alerts.map((alert) => ({
      status: alert.status ?? "firing",
      labels: { alertname: "AuthLatencyHigh", severity: "critical", service: "auth", ...(alert.runbook ? { runbook: alert.runbook } : {}) },
      annotations: { summary: "Auth p95 above 1 s", description: "p95 auth latency is 2.4 s" },
      startsAt: "2026-11-23T12:00:00.000Z",
      endsAt: alert.status === "resolved" ? "2026-11-23T12:30:00.000Z" : "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus:9090/graph?g0.expr=auth_p95",
      fingerprint: alert.fingerprint,
    })),
    groupLabels: { alertname: "AuthLatencyHigh" },
    commonLabels: { alertname: "AuthLatencyHigh", severity: "critical" },
    commonAnnotations: { summary: "Auth p95 above 1 s" },
    externalURL: "http://alertmanager:9093",
    version: "4",
    groupKey,
    truncatedAlerts: 0,
    someFutureField: { kept: true },
  };
}

const deliver = (body: unknown, token = operator) => call(alertmanagerRoute.POST, { token, body });
const detail = async (id: number) => (await call(incidentRoute.GET, { token: viewer, path: `/api/admin/incidents/${id}`, params: { id: String(id) } })).json;
const check = (id: number, runId: string, stepId: string, checked = true, token = operator, note?: string) =>
  call(checksRoute.PUT, {
    token,
    path: `/api/admin/incidents/${id}/runs/${runId}/checks`,
    params: { id: String(id), runId },
    body: { stepId, checked, ...(note ? { note } : {}) },
  });

describe("alert webhooks", () => {
  it("opens one incident per alert group, attaches the alert's runbook and answers the canonical URL", async () => {
    const groupKey = `{}:{alertname="AuthLatencyHigh"}-${randomUUID()}`;
    const first = await deliver(alertmanagerPayload(groupKey, [{ fingerprint: `fp-${randomUUID()}`, runbook: slug }]));
    expect(first.status).toBe(200);
    const [incident] = first.json.incidents;
    expect(incident).toMatchObject({ created: true, alertsFiring: 1, alertsResolved: 0 });
    expect(incident.url).toMatch(new RegExp(`^http://[^/]+/incidents/${incident.id}$`));
    const read = await detail(incident.id);
    expect(read).toMatchObject({ title: "Auth p95 above 1 s", severity: "critical", status: "open", source: "alertmanager", groupKey });
    expect(read.runs.map((run: { runbookSlug: string }) => run.runbookSlug)).toEqual([slug]);
    expect(read.alerts[0]).toMatchObject({ alertName: "AuthLatencyHigh", status: "firing", endsAt: null, generatorUrl: "http://prometheus:9090/graph?g0.expr=auth_p95" });
  });

  it("stores 10 concurrent identical deliveries as one incident with one alert", async () => {
    const groupKey = `concurrent-${randomUUID()}`;
    const fingerprint = `fp-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(alertmanagerPayload(groupKey, [{ fingerprint, runbook: slug }]))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => answer.json.incidents[0].id)).size).toBe(1);
    expect(answers.filter((answer) => answer.json.incidents[0].created)).toHaveLength(1);
    expect(await db().incident.count({ where: { groupKey } })).toBe(1);
    const alerts = await db().incidentAlert.findMany({ where: { fingerprint } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.notifications).toBe(10);
    expect(await db().incidentRunbookRun.count({ where: { incidentId: alerts[0]?.incidentId } })).toBe(1);
  });

  it("marks alerts resolved, says so on the incident and moves it to mitigated; a new firing reopens it", async () => {
    const groupKey = `resolve-${randomUUID()}`;
    const [a, b] = [`fp-${randomUUID()}`, `fp-${randomUUID()}`];
    const opened = await deliver(alertmanagerPayload(groupKey, [{ fingerprint: a }, { fingerprint: b }]));
    const id = opened.json.incidents[0].id;
    const half = await deliver(alertmanagerPayload(groupKey, [{ fingerprint: a, status: "resolved" }, { fingerprint: b }]));
    expect(half.json.incidents[0]).toMatchObject({ id, alertsFiring: 1, alertsResolved: 1 });
    expect((await detail(id)).status).toBe("open");
    await deliver(alertmanagerPayload(groupKey, [{ fingerprint: a, status: "resolved" }, { fingerprint: b, status: "resolved" }]));
    const quiet = await detail(id);
    expect(quiet).toMatchObject({ status: "mitigated", alertsFiring: 0 });
    expect(quiet.alertsResolvedAt).not.toBeNull();
    expect(quiet.alerts.find((alert: { fingerprint: string }) => alert.fingerprint === a).endsAt).toBe("2026-11-23T12:30:00.000Z");
    expect(quiet.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(expect.arrayContaining(["alert_firing", "alert_resolved", "all_alerts_resolved", "status_changed"]));
    await deliver(alertmanagerPayload(groupKey, [{ fingerprint: a }]));
    expect(await detail(id)).toMatchObject({ status: "open", alertsResolvedAt: null, alertsFiring: 1 });
  });

  it("keeps Grafana's links and values on the alert", async () => {
    const payload = {
      ...alertmanagerPayload(`grafana-${randomUUID()}`, [{ fingerprint: `fp-${randomUUID()}` }]),
      version: "1",
      orgId: 1,
      title: "[FIRING:1] CacheHitLow",
      state: "alerting",
      message: "Cache hit rate under 80 %",
    };
    payload.alerts = payload.alerts.map((alert) => ({
      ...alert,
      silenceURL: "http://grafana/alerting/silence/new",
      dashboardURL: "http://grafana/d/abc",
      panelURL: "http://grafana/d/abc?viewPanel=2",
      values: { B: 0.62 },
    }));
    payload.commonAnnotations = {} as typeof payload.commonAnnotations;
    const answer = await call(grafanaRoute.POST, { token: operator, body: payload });
    expect(answer.status).toBe(200);
    const read = await detail(answer.json.incidents[0].id);
    expect(read).toMatchObject({ title: "CacheHitLow", source: "grafana" });
    expect(read.alerts[0]).toMatchObject({ silenceUrl: "http://grafana/alerting/silence/new", dashboardUrl: "http://grafana/d/abc", panelUrl: "http://grafana/d/abc?viewPanel=2", values: { B: 0.62 } });
  });

  it("refuses bad input with clear 4xx answers and stores nothing", async () => {
    const before = await db().incident.count();
    const malformed = await deliver({ version: "4", alerts: [{ status: "firing" }] });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("validation_failed");
    expect(Array.isArray(malformed.json.error.details)).toBe(true);
    expect((await call(alertmanagerRoute.POST, { token: operator, rawBody: "{not json" })).status).toBe(400);
    const huge = await call(alertmanagerRoute.POST, { token: operator, rawBody: JSON.stringify({ pad: "x".repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
    expect((await deliver(alertmanagerPayload(`g-${randomUUID()}`, [{ fingerprint: "f" }]), viewer)).status).toBe(403);
    expect((await call(alertmanagerRoute.POST, { body: alertmanagerPayload("g", [{ fingerprint: "f" }]) })).status).toBe(401);
    expect(await db().incident.count()).toBe(before);
  });
});

describe("incidents worked by operators", () => {
  async function manualIncident(runbook?: string) {
    const created = await call(incidentsRoute.POST, { token: operator, body: { title: `Manual ${randomUUID()}`, severity: "high", ...(runbook ? { runbook } : {}) } });
    expect(created.status).toBe(201);
    return created.json.id as number;
  }

  it("creates by hand with a runbook; an unknown runbook is a 404 that creates nothing", async () => {
    const id = await manualIncident(slug);
    const read = await detail(id);
    expect(read).toMatchObject({ source: "manual", status: "open", severity: "high" });
    expect(read.acknowledgedAt).not.toBeNull();
    const before = await db().incident.count();
    const unknown = await call(incidentsRoute.POST, { token: operator, body: { title: "x", runbook: "no-such-runbook" } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("runbook_not_found");
    expect(await db().incident.count()).toBe(before);
    const attach = await call(runsRoute.POST, { token: operator, path: `/api/admin/incidents/${id}/runs`, params: { id: String(id) }, body: { runbook: "nope" } });
    expect(attach.status).toBe(404);
    const other = runbooks.find((runbook) => runbook.slug !== slug)!;
    const attached = await call(runsRoute.POST, { token: operator, path: `/api/admin/incidents/${id}/runs`, params: { id: String(id) }, body: { runbook: `https://opsdeck.example/runbooks/${other.slug}` } });
    expect(attached.status).toBe(201);
    expect(attached.json).toMatchObject({ runbookSlug: other.slug, runbookTitle: other.title, stepCount: other.steps.length, checkedCount: 0, checks: [] });
    const twice = await call(runsRoute.POST, { token: operator, path: `/api/admin/incidents/${id}/runs`, params: { id: String(id) }, body: { runbook: slug } });
    expect(twice.status).toBe(409);
  });

  it("keeps all of 20 concurrent checks of different steps, each with who and when", async () => {
    // Every runbook attached to one incident, so there are 20 distinct steps whatever the library holds.
    const id = await manualIncident();
    for (const runbook of runbooks) {
      await call(runsRoute.POST, { token: operator, path: `/api/admin/incidents/${id}/runs`, params: { id: String(id) }, body: { runbook: runbook.slug } });
    }
    const runs: { id: string; runbookSlug: string }[] = (await detail(id)).runs;
    const targets = runs.flatMap((run) => (runbooks.find((runbook) => runbook.slug === run.runbookSlug)?.steps ?? []).map((step) => ({ runId: run.id, stepId: step.id }))).slice(0, 20);
    expect(targets).toHaveLength(20);
    const answers = await Promise.all(targets.map((target) => check(id, target.runId, target.stepId)));
    expect(answers.map((answer) => answer.status)).toEqual(targets.map(() => 200));
    const read = await detail(id);
    const checks = read.runs.flatMap((run: { checks: { checked: boolean; by: string; at: string }[] }) => run.checks);
    expect(checks).toHaveLength(20);
    expect(checks.every((entry: { checked: boolean; by: string; at: string }) => entry.checked && entry.by === "test-operator" && entry.at)).toBe(true);
    expect(await db().auditEntry.count({ where: { targetType: "incident", targetId: String(id), action: "incident.check" } })).toBe(20);
  });

  it("takes the first concurrent checks on an alert's incident, not yet acknowledged, without losing any", async () => {
    const delivered = await deliver(alertmanagerPayload(`first-checks-${randomUUID()}`, [{ fingerprint: randomUUID(), runbook: slug }]));
    const id: number = delivered.json.incidents[0].id;
    expect((await detail(id)).acknowledgedAt).toBeNull();
    const [run] = (await detail(id)).runs as { id: string }[];
    const answers = await Promise.all(stepIds.slice(0, 10).map((stepId) => check(id, run!.id, stepId)));
    expect(answers.map((answer) => answer.status)).toEqual(stepIds.slice(0, 10).map(() => 200));
    const read = await detail(id);
    expect(read.runs[0].checks).toHaveLength(10);
    expect(read.acknowledgedAt).not.toBeNull();
  });

  it("records unchecks and notes, refuses unknown steps, and closes the checklist once resolved (409)", async () => {
    const id = await manualIncident(slug);
    const runId = (await detail(id)).runs[0].id;
    const stepId = stepIds[0] as string;
    expect((await check(id, runId, stepId, true, operator, "done from the bastion")).json).toMatchObject({ checked: true, note: "done from the bastion" });
    expect((await check(id, runId, stepId, false)).json).toMatchObject({ checked: false });
    expect((await check(id, runId, "no-such-step")).status).toBe(400);
    expect((await check(id, runId, stepId, true, viewer)).status).toBe(403);
    const note = await call(notesRoute.POST, { token: operator, path: `/api/admin/incidents/${id}/notes`, params: { id: String(id) }, body: { body: "Rolled back new-auth" } });
    expect(note.status).toBe(201);
    const resolved = await call(incidentRoute.PATCH, { token: operator, path: `/api/admin/incidents/${id}`, params: { id: String(id) }, body: { status: "resolved" } });
    expect(resolved.json).toMatchObject({ status: "resolved" });
    expect(resolved.json.resolvedAt).not.toBeNull();
    const late = await check(id, runId, stepId);
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: "incident_resolved" });
    // Its own entries; other test files' flag changes may fall in the window too.
    const elsewhere = ["flag_change", "cache_invalidation", "unlock", "config_change"];
    const kinds = (await detail(id)).timeline.map((entry: { kind: string }) => entry.kind).filter((kind: string) => !elsewhere.includes(kind));
    expect(kinds).toEqual(["incident_opened", "runbook_attached", "step_checked", "step_unchecked", "note", "status_changed"]);
    const stale = await call(incidentRoute.PATCH, { token: operator, path: `/api/admin/incidents/${id}`, params: { id: String(id) }, body: { status: "open", version: 1 } });
    expect(stale.status).toBe(409);
    expect((await call(incidentRoute.PATCH, { token: operator, path: `/api/admin/incidents/${id}`, params: { id: String(id) }, body: {} })).status).toBe(400);
  });

  it("shows flag changes made during the incident window in its timeline", async () => {
    const id = await manualIncident();
    const admin = await tokenFor("admin");
    const name = `incident_flag_${randomUUID().slice(0, 8)}`;
    await call(flagsRoute.POST, { token: admin, body: { name, enabled: true, rolloutPercentage: 50 } });
    await call(flagRoute.POST, { token: operator, path: `/api/admin/feature-flags/${name}`, params: { name }, body: { rolloutPercentage: 0 } });
    const flagEntries = (await detail(id)).timeline.filter((entry: { kind: string; title: string }) => entry.kind === "flag_change" && entry.title.includes(name));
    expect(flagEntries.length).toBeGreaterThanOrEqual(2);
    expect(flagEntries.at(-1)).toMatchObject({ title: `Flag ${name}: Rollout 50 % → 0 %`, href: `/flags/${name}` });
    const invalidated = await call(invalidateRoute.POST, { token: operator, body: { keys: [`feature_flags:${name}`] } });
    expect(invalidated.status).toBe(200);
    const cache = (await detail(id)).timeline.filter((entry: { kind: string }) => entry.kind === "cache_invalidation");
    expect(cache.at(-1)).toMatchObject({ title: `Cache invalidated: feature_flags:${name}`, actor: "test-operator" });
  });

  it("lists with filters and pages", async () => {
    const id = await manualIncident();
    const list = await call(incidentsRoute.GET, { token: viewer, path: "/api/admin/incidents?severity=high&status=open&pageSize=2" });
    expect(list.status).toBe(200);
    expect(list.json.incidents.length).toBeLessThanOrEqual(2);
    expect(list.json.incidents[0].id).toBe(id);
    expect(list.json.total).toBeGreaterThanOrEqual(1);
    expect(list.json.incidents.every((incident: { severity: string; status: string }) => incident.severity === "high" && incident.status === "open")).toBe(true);
    expect((await call(incidentsRoute.GET, { token: viewer, path: "/api/admin/incidents?status=bogus" })).status).toBe(400);
    expect((await call(incidentRoute.GET, { token: viewer, path: "/api/admin/incidents/99999999", params: { id: "99999999" } })).status).toBe(404);
  });
});
