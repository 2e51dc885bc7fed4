import { describe, expect, it } from "vitest";
import { ruleInputSchema, sloInputSchema } from "@/lib/alerts/schemas";

describe("rule and SLO input", () => {
  // The fuzz suite's find: a measurement named after an Object property answered 500.
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])("refuses the measurement %j as unknown, naming the known ones", (measurement) => {
    const slo = sloInputSchema.safeParse({
      name: "prototype",
      service: "api",
      sli: { bad: { measurement: "api_error" }, total: { measurement, where: { endpoint: ["a"] } } },
      objective: 99,
      window: "30d",
    });
    expect(slo.success).toBe(false);
    expect(slo.error?.issues.some((issue) => issue.message.startsWith(`unknown measurement ${JSON.stringify(measurement)}; known: `))).toBe(true);
    const rule = ruleInputSchema.safeParse({
      name: "Prototype",
      query: { kind: "aggregate", measurement, field: "duration_ms", aggregate: { fn: "max" }, groupBy: [], window: "5m" },
      comparison: ">",
      threshold: 1,
      labels: { severity: "warning" },
      annotations: { summary: "s" },
    });
    expect(rule.success).toBe(false);
  });
});
