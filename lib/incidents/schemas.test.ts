import { describe, expect, it } from "vitest";
import { alertmanagerPayloadSchema, grafanaPayloadSchema, requestIdSchema, updateIncidentSchema } from "@/lib/incidents/schemas";

const alert = { status: "firing", labels: { alertname: "A" }, startsAt: "2026-11-23T12:00:00Z", fingerprint: "f1" };
const alertmanager = { version: "4", groupKey: "g", status: "firing", receiver: "r", alerts: [alert] };

describe("webhook payload schemas", () => {
  it("accepts Alertmanager's minimum, fills defaults and keeps unknown fields", () => {
    const parsed = alertmanagerPayloadSchema.parse({ ...alertmanager, futureField: 1, alerts: [{ ...alert, extra: "x" }] });
    expect(parsed).toMatchObject({ truncatedAlerts: 0, commonLabels: {}, futureField: 1 });
    expect(parsed.alerts[0]).toMatchObject({ annotations: {}, generatorURL: "", extra: "x" });
  });

  it("refuses the wrong version, a missing fingerprint or an empty alert list, naming the field", () => {
    expect(alertmanagerPayloadSchema.safeParse({ ...alertmanager, version: "3" }).success).toBe(false);
    const noFingerprint = alertmanagerPayloadSchema.safeParse({ ...alertmanager, alerts: [{ ...alert, fingerprint: undefined }] });
    expect(noFingerprint.error?.issues[0]?.path).toEqual(["alerts", 0, "fingerprint"]);
    expect(alertmanagerPayloadSchema.safeParse({ ...alertmanager, alerts: [] }).success).toBe(false);
  });

  it("reads Grafana's version 1 with its links and values", () => {
    const parsed = grafanaPayloadSchema.parse({
      ...alertmanager,
      version: "1",
      orgId: 1,
      alerts: [{ ...alert, silenceURL: "s", dashboardURL: "d", panelURL: "p", values: { B: 1.5, C: null } }],
    });
    expect(parsed.alerts[0]).toMatchObject({ silenceURL: "s", dashboardURL: "d", panelURL: "p", values: { B: 1.5, C: null } });
    expect(grafanaPayloadSchema.safeParse({ ...alertmanager, version: "1" }).success).toBe(false);
  });
});

describe("incident changes", () => {
  it("needs something to change besides the version", () => {
    expect(updateIncidentSchema.safeParse({ version: 2 }).success).toBe(false);
    expect(updateIncidentSchema.safeParse({ status: "mitigated", version: 2 }).success).toBe(true);
    expect(updateIncidentSchema.safeParse({ status: "closed" }).success).toBe(false);
  });
});

describe("an incident's request ids", () => {
  it("takes what X-Request-ID accepts, but not an id of only dots, which no URL path can name (DELETE …/request-ids/. would be …/request-ids)", () => {
    for (const id of ["4e03f2bd-1dca-4f7a-a3c9-a659ef6ed97b", "req.42", "a", "svc:1_2", ".x", "x".repeat(128)]) expect(requestIdSchema.safeParse(id).success, id).toBe(true);
    for (const id of [".", "..", "...", "", "x".repeat(129), "a b", "a\u0000b", "a/b"]) expect(requestIdSchema.safeParse(id).success, JSON.stringify(id)).toBe(false);
  });
});
