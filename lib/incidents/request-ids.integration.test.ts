import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as incidentRoute from "@/app/api/admin/incidents/[id]/route";
import * as requestIdRoute from "@/app/api/admin/incidents/[id]/request-ids/[requestId]/route";
import * as requestIdsRoute from "@/app/api/admin/incidents/[id]/request-ids/route";
import * as incidentsRoute from "@/app/api/admin/incidents/route";
import { GET as searchTraces } from "@/app/api/admin/traces/route";
import * as alertmanagerRoute from "@/app/api/webhooks/alertmanager/route";
import * as grafanaRoute from "@/app/api/webhooks/grafana/route";
import { POST as receive } from "@/app/v1/traces/route";
import { db } from "@/lib/db";
import { syntheticExport } from "@/lib/traces/synthetic";
import { call, tokenFor } from "@/scripts/test/requests";

let operator: string;
let viewer: string;

beforeAll(async () => {
  operator = await tokenFor("operator");
  viewer = await tokenFor("viewer");
});

const detail = async (id: number) => (await call(incidentRoute.GET, { token: viewer, params: { id: String(id) } })).json;

/** An Alertmanager v4 delivery of one firing alert with these extra labels and annotations. */
const delivery = (labels: Record<string, string>, annotations: Record<string, string> = {}) => ({
  version: "4",
  groupKey: `{}:{alertname="CheckoutErrors",id="${randomUUID()}"}`,
  status: "firing",
  receiver: "opsdeck",
  alerts: [
    {
      status: "firing",
      labels: { alertname: "CheckoutErrors", severity: "high", ...labels },
      annotations: { summary: "Checkout failing", ...annotations },
      startsAt: new Date().toISOString(),
      fingerprint: randomUUID(),
    },
  ],
});

describe("request ids on incidents (seed 002)", () => {
  it("takes the request ids of an alert's request_id label and annotation when the webhook opens the incident, and of later deliveries", async () => {
    const first = delivery({ request_id: "req-alert-1" }, { request_id: "req-alert-2, req-alert-3 bad!id" });
    const opened = await call(alertmanagerRoute.POST, { token: operator, body: first });
    expect(opened.status).toBe(200);
    const id = opened.json.incidents[0].id as number;
    const incident = await detail(id);
    expect(incident.requestIds.map((item: { requestId: string }) => item.requestId)).toEqual(["req-alert-1", "req-alert-2", "req-alert-3"]);
    expect(incident.requestIds[0]).toMatchObject({ source: "alert", tracesHref: "/traces?requestId=req-alert-1", logQuery: `jq -c 'select(.request_id == "req-alert-1")' *.log` });
    // A later notification of the same group adds its own.
    const again = { ...first, alerts: [{ ...first.alerts[0], labels: { ...first.alerts[0]!.labels, request_id: "req-alert-4" } }] };
    await call(alertmanagerRoute.POST, { token: operator, body: again });
    expect((await detail(id)).requestIds).toHaveLength(4);
  });

  it("takes them from Grafana's webhook too", async () => {
    const body = { ...delivery({ request_id: "req-grafana-1" }), version: "1", orgId: 1, title: "[FIRING:1] CheckoutErrors" };
    const opened = await call(grafanaRoute.POST, { token: operator, body });
    expect(opened.status).toBe(200);
    expect((await detail(opened.json.incidents[0].id)).requestIds.map((item: { requestId: string }) => item.requestId)).toEqual(["req-grafana-1"]);
  });

  it("adds and removes a request id by hand, audited, for operators only, and its link finds the trace that carries it", async () => {
    const created = await call(incidentsRoute.POST, { token: operator, body: { title: "Checkout 500s", severity: "high" } });
    const id = created.json.id as number;
    const requestId = `req-${randomUUID()}`;
    const { traceId, request } = syntheticExport(
      { name: "POST /api/checkout", service: "shop", offsetMs: 0, durationMs: 80, attributes: { request_id: requestId }, error: "payment declined" },
      Date.now() - 30_000,
    );
    expect((await call(receive, { token: operator, rawBody: JSON.stringify(request), headers: { "content-type": "application/json" } })).status).toBe(200);

    expect((await call(requestIdsRoute.POST, { token: viewer, params: { id: String(id) }, body: { requestId } })).status).toBe(403);
    const added = await call(requestIdsRoute.POST, { token: operator, params: { id: String(id) }, body: { requestId } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ requestId, source: "manual", tracesHref: `/traces?requestId=${requestId}` });
    expect((await call(requestIdsRoute.POST, { token: operator, params: { id: String(id) }, body: { requestId } })).status).toBe(409);
    expect(await db().auditEntry.count({ where: { targetType: "incident", targetId: String(id), action: "incident.request_id_add" } })).toBe(1);

    const traces = await call(searchTraces, { token: viewer, path: `/api/admin${added.json.tracesHref}` });
    expect(traces.json.map((trace: { traceId: string }) => trace.traceId)).toEqual([traceId]);

    expect((await call(requestIdRoute.DELETE, { token: viewer, params: { id: String(id), requestId } })).status).toBe(403);
    const removed = await call(requestIdRoute.DELETE, { token: operator, params: { id: String(id), requestId } });
    expect(removed.status).toBe(200);
    expect((await detail(id)).requestIds).toEqual([]);
    expect(await db().auditEntry.count({ where: { targetType: "incident", targetId: String(id), action: "incident.request_id_remove" } })).toBe(1);
    expect((await call(requestIdRoute.DELETE, { token: operator, params: { id: String(id), requestId } })).status).toBe(404);
  });

  it("refuses a request id that is empty, too long, has a NUL or a space, naming the field", async () => {
    const created = await call(incidentsRoute.POST, { token: operator, body: { title: "Validation", severity: "info" } });
    for (const requestId of ["", "x".repeat(129), "req\u0000id", "two words"]) {
      const response = await call(requestIdsRoute.POST, { token: operator, params: { id: String(created.json.id) }, body: { requestId } });
      expect(response.status, JSON.stringify(requestId)).toBe(400);
      expect(response.json.error.message).toContain("body.requestId");
    }
    expect((await call(requestIdsRoute.POST, { token: operator, params: { id: "999999" }, body: { requestId: "req-1" } })).status).toBe(404);
  });
});
