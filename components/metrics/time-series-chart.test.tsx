import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { metricsCharts } from "@/components/metrics/chart-definitions";
import { TimeSeriesChart } from "@/components/metrics/time-series-chart";
import type { SeriesResponse } from "@/lib/metrics/schemas";

const text = (html: string) => html.replace(/<[^>]+>/g, "");

/** A 15-minute auth-latency answer: too few sign-ins per 10-second bucket for a p1. */
const shortRange: SeriesResponse = {
  series: "auth_latency",
  unit: "ms",
  from: "2026-12-01T05:00:00.000Z",
  to: "2026-12-01T05:15:00.000Z",
  stepSeconds: 10,
  resolution: "raw",
  lines: [
    { id: "p1", labels: {}, points: [{ time: Date.parse("2026-12-01T05:00:00Z"), value: null }, { time: Date.parse("2026-12-01T05:00:10Z"), value: null }] },
    { id: "p50", labels: {}, points: [{ time: Date.parse("2026-12-01T05:00:00Z"), value: 502 }, { time: Date.parse("2026-12-01T05:00:10Z"), value: 497 }] },
  ],
};

const render = (data: SeriesResponse) => {
  const chart = metricsCharts.auth_latency;
  return renderToStaticMarkup(
    <TimeSeriesChart
      id="auth_latency"
      title={chart.title}
      description={chart.description}
      data={data}
      isLoading={false}
      error={null}
      thresholds={chart.thresholds}
      band={chart.band}
      emptyHint={chart.emptyHint}
      emptyLineReasons={chart.emptyLineReasons}
    />,
  );
};

describe("the auth-latency chart", () => {
  it("says why p1 is empty at a short range instead of leaving a silent gap", () => {
    expect(text(render(shortRange))).toContain("p1 has no value in this range: a p1 needs at least 50 sign-ins in a bucket");
  });

  it("says nothing about p1 once it has values, and names the targets beside the plot", () => {
    const withP1 = { ...shortRange, lines: shortRange.lines.map((line) => (line.id === "p1" ? { ...line, points: line.points.map((point) => ({ ...point, value: 470 })) } : line)) };
    const html = text(render(withP1));
    expect(html).not.toContain("has no value");
    expect(html).toContain("target 500 ± 50 ms");
    expect(html).toContain("p1 alert 400");
  });
});
