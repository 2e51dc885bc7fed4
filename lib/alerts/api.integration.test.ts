import { beforeAll, describe, expect, it } from "vitest";
import * as rulesRoute from "@/app/api/admin/alerts/rules/route";
import * as ruleRoute from "@/app/api/admin/alerts/rules/[id]/route";
import * as silencesRoute from "@/app/api/admin/alerts/silences/route";
import * as slosRoute from "@/app/api/admin/slos/route";
import * as correctionsRoute from "@/app/api/admin/slos/[id]/corrections/route";
import * as opensloRoute from "@/app/api/admin/slos/openslo/route";
import { DEFAULT_RULES } from "@/lib/alerts/defaults";
import { EVALUATOR_ACTOR } from "@/lib/alerts/delivery";
import { ensureDefaults } from "@/lib/alerts/service";
import { db } from "@/lib/db";
import { call, tokenFor } from "@/scripts/test/requests";

let admin: string;
let operator: string;
let viewer: string;

beforeAll(async () => {
  [admin, operator, viewer] = await Promise.all([tokenFor("admin"), tokenFor("operator"), tokenFor("viewer")]);
  await ensureDefaults(EVALUATOR_ACTOR);
});

const { defaultKey: _key, ...baseRule } = DEFAULT_RULES[0]!;
const stamp = () => Date.now().toString(36);

describe("alert rule API", () => {
  it("creates, edits with a version and deletes a rule, each with its audit row", async () => {
    const created = await call(rulesRoute.POST, { token: admin, body: { ...baseRule, name: `Api_${stamp()}` } });
    expect(created.status).toBe(201);
    const id = created.json.id as number;
    expect(await db().auditEntry.count({ where: { action: "alert_rule.create", targetId: String(id) } })).toBe(1);
    const params = { id: String(id) };
    const stale = await call(ruleRoute.PUT, { token: admin, params, path: `/api/admin/alerts/rules/${id}`, body: { ...baseRule, name: created.json.name, version: 7 } });
    expect(stale.status).toBe(409);
    const edited = await call(ruleRoute.PUT, { token: admin, params, path: `/api/admin/alerts/rules/${id}`, body: { ...baseRule, name: created.json.name, threshold: 0.5, version: 1 } });
    expect(edited.json).toMatchObject({ threshold: 0.5, version: 2, state: "inactive" });
    const read = await call(ruleRoute.GET, { token: viewer, params, path: `/api/admin/alerts/rules/${id}` });
    expect(read.json).toMatchObject({ id, transitions: [] });
    expect((await call(ruleRoute.DELETE, { token: operator, params, path: `/api/admin/alerts/rules/${id}` })).status).toBe(403);
    expect((await call(ruleRoute.DELETE, { token: admin, params, path: `/api/admin/alerts/rules/${id}` })).status).toBe(200);
    expect(await db().auditEntry.count({ where: { action: { in: ["alert_rule.update", "alert_rule.delete"] }, targetId: String(id) } })).toBe(2);
  });

  it("answers bad rules with 400 and the issues, writing nothing", async () => {
    const before = await db().alertRule.count();
    const cases = [
      { ...baseRule, query: { ...baseRule.query, numerator: { measurement: "disk_free" } } },
      { ...baseRule, threshold: "high" },
      { ...baseRule, for: "5 minutes" },
      { ...baseRule, annotations: { summary: "x", runbook: "no-such-runbook" } },
    ];
    for (const body of cases) {
      const answer = await call(rulesRoute.POST, { token: admin, body: { ...body, name: `Bad_${stamp()}` } });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error.details.length).toBeGreaterThan(0);
    }
    expect(await db().alertRule.count()).toBe(before);
  });

  it("lists the seeds' thresholds Opsdeck cannot evaluate as unavailable", async () => {
    const answer = await call(rulesRoute.GET, { token: viewer });
    expect(answer.json.unavailable.map((rule: { name: string }) => rule.name)).toContain("Disk space");
  });

  it("lets operators silence, not viewers, and refuses inverted silences", async () => {
    const body = { matchers: [{ name: "alertname", value: "X" }], endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: "deploy" };
    expect((await call(silencesRoute.POST, { token: viewer, body })).status).toBe(403);
    const created = await call(silencesRoute.POST, { token: operator, body });
    expect(created.json).toMatchObject({ status: "active", matchers: [{ name: "alertname", value: "X", isRegex: false, isEqual: true }] });
    const inverted = await call(silencesRoute.POST, { token: operator, body: { ...body, endsAt: new Date(0).toISOString() } });
    expect(inverted.status).toBe(400);
  });
});

describe("SLO API", () => {
  it("refuses an objective outside (0, 100) and overlapping corrections", async () => {
    const name = `slo-${stamp()}`;
    const sli = { bad: { measurement: "api_error" }, total: { measurement: "api_request" } };
    for (const objective of [0, 100, 140]) {
      expect((await call(slosRoute.POST, { token: admin, body: { name, service: "api", sli, objective } })).status).toBe(400);
    }
    const created = await call(slosRoute.POST, { token: admin, body: { name, service: "api", sli, objective: 99.5 } });
    expect(created.status).toBe(201);
    const id = String(created.json.id);
    const path = `/api/admin/slos/${id}/corrections`;
    const first = await call(correctionsRoute.POST, { token: admin, params: { id }, path, body: { startsAt: "2026-11-01T10:00:00Z", endsAt: "2026-11-01T12:00:00Z", reason: "db upgrade" } });
    expect(first.status).toBe(201);
    const overlap = await call(correctionsRoute.POST, { token: admin, params: { id }, path, body: { startsAt: "2026-11-01T11:00:00Z", endsAt: "2026-11-01T13:00:00Z", reason: "again" } });
    expect(overlap.status).toBe(400);
    expect(overlap.json.error.message).toMatch(/overlaps correction/);
    expect(await db().sloCorrection.count({ where: { sloId: Number(id) } })).toBe(1);
  });

  it("imports OpenSLO YAML all or none, and exports what it imported", async () => {
    const name = `imported-${stamp()}`;
    const exported = await call(opensloRoute.GET, { token: viewer, path: "/api/admin/slos/openslo?name=api-availability" });
    expect(exported.headers.get("content-type")).toMatch(/yaml/);
    const yaml = exported.text.replaceAll("name: api-availability", `name: ${name}`);
    const bad = yaml.replace("target: 0.99", "target: 2");
    const refused = await call(opensloRoute.POST, { token: admin, rawBody: `${yaml}---\n${bad.replace(name, `${name}-b`)}`, headers: { "content-type": "application/yaml" } });
    expect(refused.status).toBe(400);
    expect(await db().slo.count({ where: { name: { startsWith: name } } })).toBe(0);
    const imported = await call(opensloRoute.POST, { token: admin, rawBody: yaml, headers: { "content-type": "application/yaml" } });
    expect(imported.status).toBe(201);
    const again = await call(opensloRoute.GET, { token: viewer, path: `/api/admin/slos/openslo?name=${name}` });
    expect(again.text).toBe(yaml);
  });
});
