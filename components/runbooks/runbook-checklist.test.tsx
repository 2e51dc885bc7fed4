import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { groupBySection, RunbookChecklist } from "@/components/runbooks/runbook-checklist";
import type { Runbook } from "@/lib/runbooks/schemas";

const runbook: Runbook = {
  slug: "example",
  title: "Example",
  summary: "An example.",
  symptoms: ["Slow"],
  tags: [],
  related: [],
  rootCause: "Because.",
  monitoring: "A chart.",
  steps: [
    {
      id: "read",
      text: "Read the pool.",
      section: "Look",
      kind: "api",
      command: "curl http://localhost:3000/api/health/pool-stats",
      api: { method: "GET", path: "/api/health/pool-stats", endpoint: "/api/health/pool-stats", mutating: false, minimumRole: "viewer", highlight: ["queuedRequests"] },
    },
    {
      id: "unlock",
      text: "Unlock the **user**.",
      section: "Act",
      kind: "api",
      command: "curl -X POST 'http://localhost:3000/api/admin/ratelimit/unlock?email=a@example.com'",
      api: { method: "POST", path: "/api/admin/ratelimit/unlock?email=a@example.com", endpoint: "/api/admin/ratelimit/unlock", mutating: true, minimumRole: "operator", highlight: [] },
    },
    { id: "restart", text: "Restart it.", section: "Act", kind: "external", command: "systemctl restart aikb-server" },
  ],
};

/** The visible text, tags removed. */
const text = (html: string) => html.replace(/<[^>]+>/g, "");

const render = (props: Partial<Parameters<typeof RunbookChecklist>[0]> = {}) =>
  renderToStaticMarkup(<RunbookChecklist runbook={runbook} role="viewer" {...props} />);

describe("RunbookChecklist", () => {
  it("groups steps under their headings in runbook order", () => {
    expect(groupBySection(runbook.steps).map((group) => [group.section, group.steps.map((step) => step.id)])).toEqual([
      ["Look", ["read"]],
      ["Act", ["unlock", "restart"]],
    ]);
  });

  it("lets a viewer run read-only steps and says why a change is out of reach", () => {
    const html = render();
    expect(html).toContain("Needs the operator role (you are viewer).");
    expect(text(html)).toContain("0 of 3 steps done");
    expect(html).toContain("<strong>user</strong>");
    expect(html).toContain('aria-label="Copy command"');
    expect(html).not.toContain("Checked by");
  });

  it("offers a mutating step to an operator behind a confirmation", () => {
    const html = render({ role: "operator" });
    expect(html).not.toContain("Needs the operator role");
    expect(html).toContain("Run…");
    expect(html).toContain('aria-haspopup="dialog"');
  });

  it("shows persisted checks with who and when, notes, and locks them when disabled", () => {
    const checks = { read: { checked: true, by: "Ada", at: "2026-11-23T10:00:00.000Z", note: "queue at 0" } };
    const html = render({ checks, onToggle: () => undefined, disabled: true });
    expect(text(html)).toContain("1 of 3 steps done");
    expect(html).toContain("Checked by Ada");
    expect(html).toMatch(/<time [^>]*2026-11-23T10:00:00.000Z/);
    expect(html).toContain("Note: queue at 0");
    expect(html.match(/type="checkbox"[^>]*disabled=""/g)).toHaveLength(3);
    expect(html).not.toContain("Add a note");
  });
});
