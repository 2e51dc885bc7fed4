import { describe, expect, it } from "vitest";
import { BufferedWriter } from "@/lib/metrics/writer";

function destination() {
  const received: number[] = [];
  let up = true;
  return {
    received,
    setUp: (value: boolean) => (up = value),
    send: async (batch: number[]) => {
      if (!up) throw new Error("unreachable");
      received.push(...batch);
    },
  };
}

describe("BufferedWriter", () => {
  it("sends in batches and keeps failed batches in order for the retry", async () => {
    const target = destination();
    const writer = new BufferedWriter("t", target.send, { batchSize: 3, retryInitialMs: 0 });
    target.setUp(false);
    writer.add([1, 2, 3, 4]);
    await writer.flush({ ignoreBackoff: true });
    expect(writer.stats()).toMatchObject({ buffered: 4, written: 0 });
    target.setUp(true);
    writer.add([5]);
    await writer.flush({ ignoreBackoff: true });
    expect(target.received).toEqual([1, 2, 3, 4, 5]);
    expect(writer.stats()).toMatchObject({ buffered: 0, written: 5, dropped: 0 });
  });

  it("drops the oldest points beyond its capacity and counts them", async () => {
    const target = destination();
    target.setUp(false);
    const writer = new BufferedWriter("t", target.send, { capacity: 5, batchSize: 100 });
    writer.add([1, 2, 3, 4, 5, 6, 7]);
    expect(writer.stats()).toMatchObject({ buffered: 5, dropped: 2 });
    target.setUp(true);
    await writer.flush({ ignoreBackoff: true });
    expect(target.received).toEqual([3, 4, 5, 6, 7]);
  });

  it("stops calling a dead destination once the circuit opens", async () => {
    let calls = 0;
    const writer = new BufferedWriter<number>(
      "t",
      async () => {
        calls++;
        throw new Error("down");
      },
      { retryInitialMs: 0 },
    );
    writer.add([1]);
    for (let attempt = 0; attempt < 10; attempt++) await writer.flush({ ignoreBackoff: true });
    expect(calls).toBe(5);
    expect(writer.stats().breaker.state).toBe("open");
    expect(writer.stats().buffered).toBe(1);
  });

  it("backs off after a failure instead of retrying on every interval", async () => {
    const target = destination();
    target.setUp(false);
    const writer = new BufferedWriter("t", target.send, { retryInitialMs: 60_000 });
    writer.add([1]);
    await writer.flush();
    target.setUp(true);
    await writer.flush();
    expect(target.received).toEqual([]);
  });
});
