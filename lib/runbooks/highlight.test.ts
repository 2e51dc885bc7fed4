import { describe, expect, it } from "vitest";
import { highlightedValues, isHighlighted } from "@/lib/runbooks/highlight";

describe("highlights", () => {
  const answer = { cacheAge: { secondsSinceUpdate: 45, ttl: 300 }, errors: [{ endpoint: "/a", errorRate: 0.12 }, { endpoint: "/b", errorRate: 0.01 }] };

  it("matches concrete paths, with [] for any array index", () => {
    expect(isHighlighted(["cacheAge", "secondsSinceUpdate"], ["cacheAge.secondsSinceUpdate"])).toBe(true);
    expect(isHighlighted(["errors", 1, "errorRate"], ["errors[].errorRate"])).toBe(true);
    expect(isHighlighted(["errors", "1", "errorRate"], ["errors[].errorRate"])).toBe(false);
    expect(isHighlighted([0, "durationMs"], ["[].durationMs"])).toBe(true);
    expect(isHighlighted(["cacheAge"], ["cacheAge.ttl"])).toBe(false);
    expect(isHighlighted(["errors", 0, "topErrors", 2, "type"], ["errors[].topErrors[].type"])).toBe(true);
  });

  it("collects the values a step names, one array element at a time, leaving absent fields out", () => {
    expect(highlightedValues(answer, ["cacheAge.secondsSinceUpdate", "errors[].endpoint", "errors[].errorRate", "missing.field"])).toEqual([
      { pattern: "cacheAge.secondsSinceUpdate", path: "cacheAge.secondsSinceUpdate", value: 45 },
      { pattern: "errors[].endpoint", path: "errors[0].endpoint", value: "/a" },
      { pattern: "errors[].errorRate", path: "errors[0].errorRate", value: 0.12 },
      { pattern: "errors[].endpoint", path: "errors[1].endpoint", value: "/b" },
      { pattern: "errors[].errorRate", path: "errors[1].errorRate", value: 0.01 },
    ]);
    expect(highlightedValues([{ durationMs: 5 }], ["[].durationMs"])).toEqual([{ pattern: "[].durationMs", path: "[0].durationMs", value: 5 }]);
    expect(highlightedValues({ error: { code: "forbidden" } }, ["enabled"])).toEqual([]);
  });
});
