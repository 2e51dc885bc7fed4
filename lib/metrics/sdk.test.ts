import { afterEach, describe, expect, it, vi } from "vitest";
import { parseLineProtocol, parsePrecision } from "@/lib/metrics/line-protocol";
import { Metrics } from "@/lib/metrics/sdk";
import { startLineSink } from "@/scripts/test/line-sink";

afterEach(() => vi.restoreAllMocks());

/** The lines a Metrics instance sends, and the precision it names (the last request's). */
async function linesSent(record: (metrics: Metrics) => void, now?: () => number): Promise<string[] & { precision?: string }> {
  const sink = await startLineSink();
  try {
    const metrics = new Metrics({ url: sink.url, flushOnExit: false, batchSize: 10_000, now });
    record(metrics);
    await metrics.close();
  } finally {
    await sink.close();
  }
  return Object.assign(sink.lines, { precision: sink.precision });
}

const stamps = (lines: string[]) => lines.map((line) => BigInt(line.slice(line.lastIndexOf(" ") + 1)));

describe("the metrics SDK", () => {
  it("never stamps two points alike, through bursts over 1,000 a millisecond and a wall clock stepped back", async () => {
    // 1,500 records in one millisecond, then the clock steps back 10 ms for 600 more.
    let calls = 0;
    vi.spyOn(Date, "now").mockImplementation(() => (calls++ < 1500 ? 1_000 : 990));
    const lines = await linesSent((metrics) => {
      for (let i = 0; i < 2100; i++) metrics.recordError("/api/a", "E", 1);
    });
    const times = stamps(lines);
    expect(new Set(times).size).toBe(2100);
    expect(times.every((time, index) => index === 0 || time > times[index - 1]!)).toBe(true);
  });

  it("sends lines in microseconds, written as Opsdeck's ingest forwards them to InfluxDB without encoding them again", async () => {
    const sent = await linesSent((metrics) => {
      metrics.recordError("/api/a b", "Time,out", 12.5, 'said "no"');
      metrics.recordRequest("/api/a", 3, 200);
      metrics.recordPoolStats("billing", "main", { activeConnections: 3, availableConnections: 7, queuedRequests: 0, maxConnections: 10, utilizationPercent: 30 });
    });
    expect(sent).toHaveLength(3);
    expect(parsePrecision(sent.precision)).toBe("us");
    for (const line of sent) {
      const { points, errors } = parseLineProtocol(line, "us", 0);
      expect(errors).toEqual([]);
      expect(Math.abs(points[0]!.timeUs / 1000 - Date.now())).toBeLessThan(60_000);
      // The escaped and the quoted line take the general path; the plain ones are kept as sent.
      if (!line.includes("\\") && !line.includes('"')) expect(points[0]!.line).toBe(line);
    }
  });

  it("follows a backfill's own clock back in time", async () => {
    const clock = { now: 5_000_000 };
    const sent = await linesSent((metrics) => {
      metrics.recordError("/api/a", "E", 1);
      clock.now = 4_000_000;
      metrics.recordError("/api/a", "E", 1);
    }, () => clock.now);
    expect(stamps(sent)).toEqual([5_000_000_000n, 4_000_000_000n]);
  });
});
