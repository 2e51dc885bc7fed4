import { describe, expect, it } from "vitest";
import { applyCheck } from "@/lib/incidents/checks";
import type { IncidentDetail } from "@/lib/incidents/schemas";

const run = (id: string, checks: { stepId: string; checked: boolean }[]) => ({
  id,
  runbookSlug: `rb-${id}`,
  runbookTitle: null,
  stepCount: 5,
  checkedCount: checks.filter((check) => check.checked).length,
  attachedBy: "a",
  attachedAt: "2026-11-23T12:00:00.000Z",
  checks: checks.map((check) => ({ ...check, by: "ana", at: "2026-11-23T12:01:00.000Z", note: null })),
});
const incident = { runs: [run("1", [{ stepId: "a", checked: true }]), run("2", [])] } as unknown as IncidentDetail;

describe("applyCheck (the optimistic step toggle)", () => {
  it("adds a check to its run only, keeping the others' checks", () => {
    const next = applyCheck(incident, { runId: "1", stepId: "b", checked: true, by: "ben" }, "2026-11-23T12:05:00.000Z");
    expect(next.runs[0]?.checks.map((check) => [check.stepId, check.by, check.checked])).toEqual([
      ["a", "ana", true],
      ["b", "ben", true],
    ]);
    expect(next.runs[0]?.checkedCount).toBe(2);
    expect(next.runs[1]).toBe(incident.runs[1]);
  });

  it("replaces the step's row on uncheck, with who, when and the note", () => {
    const next = applyCheck(incident, { runId: "1", stepId: "a", checked: false, note: "not yet", by: "ben" }, "2026-11-23T12:06:00.000Z");
    expect(next.runs[0]?.checks).toEqual([{ stepId: "a", checked: false, by: "ben", at: "2026-11-23T12:06:00.000Z", note: "not yet" }]);
    expect(next.runs[0]?.checkedCount).toBe(0);
    expect(incident.runs[0]?.checks[0]?.checked).toBe(true);
  });
});
