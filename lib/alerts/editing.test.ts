import { describe, expect, it } from "vitest";
import { ruleFieldErrors, ruleFormValues, ruleInputFromForm, sloFormValues, sloInputFromForm } from "@/lib/alerts/editing";

const filled = () => ({ ...ruleFormValues(), name: "CheckoutSlow", threshold: "3000", summary: "p95 above 3 s on {{ $labels.endpoint }}" });

describe("the rule form", () => {
  it("turns its values into the API's input", () => {
    const result = ruleInputFromForm({ ...filled(), runbook: "deployment", severity: "critical" });
    expect(result).toMatchObject({
      input: { name: "CheckoutSlow", threshold: 3000, for: "5m", labels: { severity: "critical" }, annotations: { runbook: "deployment" }, query: { kind: "aggregate", groupBy: ["endpoint"] } },
    });
  });

  it("puts each problem on the field it belongs to", () => {
    const result = ruleInputFromForm({ ...filled(), name: "9 lives", threshold: "lots", for: "soon" });
    expect(result).toEqual({ errors: { name: expect.stringMatching(/alertname/), threshold: expect.stringMatching(/number/), for: expect.stringMatching(/duration/) } });
  });

  it("names an unknown measurement on the query field", () => {
    const query = JSON.stringify({ kind: "aggregate", measurement: "disk", field: "free", aggregate: { fn: "min" }, window: "5m" });
    expect(ruleInputFromForm({ ...filled(), query })).toEqual({ errors: { query: expect.stringMatching(/^measurement: unknown measurement "disk"/) } });
  });

  it("refuses a query that is not JSON without asking the schema", () => {
    expect(ruleInputFromForm({ ...filled(), query: "{ kind: aggregate" })).toEqual({ errors: { query: expect.stringMatching(/^not JSON/) } });
  });

  it("maps the API's issues (paths from the body) onto the same fields", () => {
    expect(ruleFieldErrors([
      { path: ["labels", "severity"], message: "Invalid option" },
      { path: ["annotations", "runbook"], message: "a runbook slug" },
      { path: ["query", "numerator", "field"], message: "no field" },
    ])).toEqual({ severity: "Invalid option", runbook: "a runbook slug", query: "numerator.field: no field" });
  });

  it("keeps what it does not show when editing", () => {
    const rule = { ...ruleFormValues(), labels: { severity: "warning", service: "billing" }, annotations: { summary: "s", description: "d" }, series: undefined } as never;
    const result = ruleInputFromForm({ ...filled(), severity: "critical" }, rule);
    expect(result).toMatchObject({ input: { labels: { severity: "critical", service: "billing" }, annotations: { description: "d" } } });
  });
});

describe("the SLO form", () => {
  it("turns its values into the API's input", () => {
    expect(sloInputFromForm({ ...sloFormValues(), name: "checkout-availability", service: "checkout", objective: "99.9" })).toMatchObject({
      input: { name: "checkout-availability", objective: 99.9, window: "30d", sli: { bad: { measurement: "api_error" } } },
    });
  });

  it("refuses an objective outside (0, 100) and an SLI with both good and bad, on their fields", () => {
    const result = sloInputFromForm({ ...sloFormValues(), name: "x", service: "s", objective: "100", sli: JSON.stringify({ good: { measurement: "api_request" }, bad: { measurement: "api_error" }, total: { measurement: "api_request" } }) });
    expect(result).toEqual({ errors: { objective: expect.stringMatching(/strictly between 0 and 100/), sli: "give exactly one of good and bad" } });
  });
});
