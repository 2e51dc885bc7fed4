import { afterEach, describe, expect, it, vi } from "vitest";
import { Metrics } from "@/lib/metrics/sdk";

afterEach(() => vi.restoreAllMocks());

/** The lines a Metrics instance sends, through a stubbed fetch. */
async function linesSent(record: (metrics: Metrics) => void, now?: () => number): Promise<string[]> {
  const sent: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (_url, init) => {
    sent.push(...String(init?.body).split("\n"));
    return new Response(null, { status: 204 });
  });
  const metrics = new Metrics({ url: "http://opsdeck.test/api/admin/metrics", flushOnExit: false, batchSize: 10_000, now });
  record(metrics);
  await metrics.close();
  return sent;
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
    // Microseconds are what the stores keep: those are unique too.
    expect(new Set(times.map((time) => time / 1000n)).size).toBe(2100);
  });

  it("follows a backfill's own clock back in time", async () => {
    const clock = { now: 5_000_000 };
    const sent = await linesSent((metrics) => {
      metrics.recordError("/api/a", "E", 1);
      clock.now = 4_000_000;
      metrics.recordError("/api/a", "E", 1);
    }, () => clock.now);
    expect(stamps(sent)).toEqual([5_000_000_000_000n, 4_000_000_000_000n]);
  });
});
