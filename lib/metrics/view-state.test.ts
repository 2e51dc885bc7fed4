import { describe, expect, it } from "vitest";
import { looksLikeLeak, parseViewState, resolveWindow, serialiseViewState, sortErrorRows, toChartRows, tracesHref, viewStateProblems } from "@/lib/metrics/view-state";

describe("the metrics view state in the URL", () => {
  it("round-trips a preset, a subset of series and a paused refresh", () => {
    const state = parseViewState({ range: "6h", series: "cache_hit_rate,auth_latency,nonsense", refresh: "off" });
    expect(state).toEqual({ range: { kind: "preset", preset: "6h" }, series: ["cache_hit_rate", "auth_latency"], paused: true });
    expect(serialiseViewState(state)).toBe("range=6h&series=cache_hit_rate%2Cauth_latency&refresh=off");
  });

  it("keeps a custom range and falls back to the last hour for an invalid one", () => {
    const custom = parseViewState({ range: "custom", from: "2026-01-01T00:00:00.000Z", to: "2026-01-01T02:00:00.000Z" });
    expect(resolveWindow(custom.range, 0)).toEqual({ fromMs: Date.UTC(2026, 0, 1), toMs: Date.UTC(2026, 0, 1, 2) });
    expect(parseViewState({ range: "custom", from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }).range).toEqual({ kind: "preset", preset: "1h" });
    expect(resolveWindow({ kind: "preset", preset: "15m" }, 1_000_000)).toEqual({ fromMs: 100_000, toMs: 1_000_000 });
  });

  it("links a bucket to the traces of its window", () => {
    expect(tracesHref(Date.UTC(2026, 0, 1, 12), 60)).toBe("/traces?from=2026-01-01T12%3A00%3A00.000Z&to=2026-01-01T12%3A01%3A00.000Z");
  });
});

describe("chart preparation", () => {
  it("merges lines into rows by time and scales ratios to percent", () => {
    const rows = toChartRows(
      [
        { id: "a", labels: {}, points: [{ time: 60, value: 0.5 }, { time: 0, value: 0.25 }] },
        { id: "b", labels: {}, points: [{ time: 60, value: null }] },
      ],
      100,
    );
    expect(rows).toEqual([{ time: 0, a: 25 }, { time: 60, a: 50, b: null }]);
  });

  it("hints at a leak when active connections only climb, not when they follow load", () => {
    expect(looksLikeLeak([2, 3, 3, 4, 5, 6, 6, 7, 8, 9])).toBe(true);
    expect(looksLikeLeak([2, 8, 3, 9, 2, 7, 3, 8, 2, 9])).toBe(false);
    expect(looksLikeLeak([5, 5, 5, 5, 5, 5, 5])).toBe(false);
    expect(looksLikeLeak([1, 2, 3])).toBe(false);
  });

  it("sorts error rows by any column, unknown rates last", () => {
    const rows = [
      { endpoint: "/b", errorCount: 5, errorRate: null, requests: 0 },
      { endpoint: "/a", errorCount: 9, errorRate: 0.1, requests: 90 },
      { endpoint: "/c", errorCount: 1, errorRate: 0.5, requests: 2 },
    ];
    expect(sortErrorRows(rows, "errorRate", "desc").map((r) => r.endpoint)).toEqual(["/c", "/a", "/b"]);
    expect(sortErrorRows(rows, "errorRate", "asc").map((r) => r.endpoint)).toEqual(["/a", "/c", "/b"]);
    expect(sortErrorRows(rows, "endpoint", "asc").map((r) => r.endpoint)).toEqual(["/a", "/b", "/c"]);
  });
});

describe("a metrics link that cannot be honoured", () => {
  it("says a custom range is reversed instead of silently showing the last hour", () => {
    expect(viewStateProblems({ range: "custom", from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" })).toEqual([
      "the range is reversed: from (2026-01-02T00:00:00Z) is not before to (2026-01-01T00:00:00Z)",
    ]);
  });

  it("names garbage values and unknown presets", () => {
    expect(viewStateProblems({ range: "custom", from: "yesterday" })).toEqual(['from: "yesterday" is not a date and time', "to: missing for a custom range"]);
    expect(viewStateProblems({ range: "3w" })[0]).toMatch(/"3w" is not one of 15m, 1h/);
    expect(viewStateProblems({ range: "6h" })).toEqual([]);
  });
});
