import { describe, expect, it } from "vitest";
import { buildTimeline, describeChange, filterTimeline, timelineFacets, type TimelineInput } from "@/lib/incidents/timeline";
import { incidentWindow, metricsWindowHref, parseTab, tracesWindowHref } from "@/lib/incidents/links";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 12, minute));
const audit = (id: number, minute: number, action: string, targetType: string, targetId: string, before: unknown, after: unknown) => ({
  id: String(id),
  at: at(minute),
  action,
  actorName: "ana",
  targetType,
  targetId,
  before,
  after,
});

describe("buildTimeline", () => {
  const input: TimelineInput = {
    incident: { id: 7, createdAt: at(5), createdBy: "alertmanager-token", source: "alertmanager", alertsResolvedAt: at(40) },
    alerts: [
      { fingerprint: "a", alertName: "AuthLatencyHigh", status: "resolved", startsAt: at(2), endsAt: at(40), labels: { service: "auth" }, annotations: { summary: "p95 over 1 s" } },
      { fingerprint: "b", alertName: "CacheHitLow", status: "resolved", startsAt: at(5), endsAt: at(30), labels: { service: "cache" }, annotations: {} },
    ],
    notes: [{ id: "1", author: "ben", body: "Looking at the pool", at: at(12) }],
    audit: [
      audit(1, 10, "incident.check", "incident", "7", undefined, { runbookSlug: "auth-timing", stepId: "s1", stepTitle: "Check the flag", checked: true, note: "off already" }),
      audit(2, 15, "flag.update", "feature_flag", "new-auth", { rolloutPercentage: 100, version: 3 }, { rolloutPercentage: 0, version: 4 }),
      audit(3, 20, "incident.update", "incident", "7", { status: "open" }, { status: "mitigated" }),
      audit(4, 21, "ratelimit.unlock", "login_email", "x@example.com", { isLocked: true }, { isLocked: false }),
      audit(5, 22, "incident.note", "incident", "7", undefined, { body: "dup" }),
      audit(6, 23, "token.create", "api_token", "t", undefined, {}),
      audit(7, 11, "incident.check", "incident", "8", undefined, { checked: true, stepId: "other incident" }),
    ],
  };
  const timeline = buildTimeline(input);

  it("merges every source by time, oldest first", () => {
    expect(timeline.map((entry) => [entry.at.slice(11, 16), entry.kind])).toEqual([
      ["12:02", "alert_firing"],
      ["12:05", "incident_opened"],
      ["12:05", "alert_firing"],
      ["12:10", "step_checked"],
      ["12:12", "note"],
      ["12:15", "flag_change"],
      ["12:20", "status_changed"],
      ["12:21", "unlock"],
      ["12:30", "alert_resolved"],
      ["12:40", "alert_resolved"],
      ["12:40", "all_alerts_resolved"],
    ]);
  });

  it("shows request ids added and removed by hand, an added one linking to its traces", () => {
    const withIds = buildTimeline({
      ...input,
      audit: [
        audit(8, 13, "incident.request_id_add", "incident", "7", undefined, { requestId: "req-42" }),
        audit(9, 14, "incident.request_id_remove", "incident", "7", { requestId: "req-41" }, undefined),
      ],
    });
    expect(withIds.filter((entry) => entry.kind === "field_changed").map(({ title, href, actor }) => ({ title, href, actor }))).toEqual([
      { title: "Request id req-42 added", href: "/traces?requestId=req-42", actor: "ana" },
      { title: "Request id req-41 removed", href: null, actor: "ana" },
    ]);
  });

  it("says who did what, with the change and a link to its subject", () => {
    const check = timeline.find((entry) => entry.kind === "step_checked");
    expect(check).toMatchObject({ actor: "ana", title: "Checked “Check the flag” (auth-timing)", detail: "off already" });
    const flag = timeline.find((entry) => entry.kind === "flag_change");
    expect(flag).toMatchObject({ title: "Flag new-auth: Rollout 100 % → 0 %", actor: "ana", detail: null, href: "/flags/new-auth", flag: "new-auth" });
    expect(timeline.find((entry) => entry.kind === "status_changed")?.title).toBe("Status open → mitigated");
    expect(timeline.find((entry) => entry.kind === "alert_firing")?.detail).toBe("p95 over 1 s");
  });

  it("filters by this incident's services, the flags changed and the people who acted", () => {
    expect(timelineFacets(timeline)).toEqual({ services: ["auth", "cache"], flags: ["new-auth"], people: ["alertmanager-token", "ana", "ben"] });
    expect(filterTimeline(timeline, { service: "cache" }).map((entry) => entry.title)).toEqual(["CacheHitLow firing", "CacheHitLow resolved"]);
    expect(filterTimeline(timeline, { flag: "new-auth" }).map((entry) => entry.title)).toEqual(["Flag new-auth: Rollout 100 % → 0 %"]);
    expect(filterTimeline(timeline, { person: "ben" }).map((entry) => entry.kind)).toEqual(["note"]);
    expect(filterTimeline(timeline, { scope: "elsewhere" }).map((entry) => entry.kind)).toEqual(["flag_change", "unlock"]);
    expect(filterTimeline(timeline, { scope: "incident" })).toHaveLength(9);
  });

  it("ignores other incidents' rows, unrelated actions and rows drawn from their own tables", () => {
    expect(timeline.some((entry) => entry.detail === "dup")).toBe(false);
    expect(timeline.some((entry) => entry.title.includes("other incident"))).toBe(false);
    expect(timeline).toHaveLength(11);
  });
});

describe("describeChange", () => {
  it("lists changed fields and skips bookkeeping", () => {
    expect(describeChange({ enabled: true, version: 1 }, { enabled: false, version: 2 })).toBe("enabled true → false");
    expect(describeChange(undefined, { lockDurationMinutes: 30 })).toBe("lockDurationMinutes 30");
    expect(describeChange({ a: 1 }, { a: 1 })).toBeNull();
  });
});

describe("incident links", () => {
  it("opens the window 15 minutes before the first alert and closes it at resolution (or now)", () => {
    const window = incidentWindow({ createdAt: at(5), resolvedAt: null }, [at(2), at(4)], at(50).getTime());
    expect([window.fromMs, window.toMs]).toEqual([at(2).getTime() - 15 * 60_000, at(50).getTime()]);
    expect(incidentWindow({ createdAt: at(5), resolvedAt: at(45) }, [], 0).toMs).toBe(at(45).getTime());
    expect(metricsWindowHref(window)).toBe("/metrics?range=custom&from=2026-11-23T11%3A47%3A00.000Z&to=2026-11-23T12%3A50%3A00.000Z&refresh=off");
    expect(tracesWindowHref(window)).toBe("/traces?from=2026-11-23T11%3A47%3A00.000Z&to=2026-11-23T12%3A50%3A00.000Z");
  });

  it("reads the tab from the URL, defaulting to the overview", () => {
    expect(parseTab("timeline")).toBe("timeline");
    expect(parseTab(["runbook"])).toBe("runbook");
    expect(parseTab("nope")).toBe("overview");
  });
});
