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

  it("lets a producer go on once the buffer is short again, before the whole queue is written", async () => {
    // Every send waits for its own release, so the test sees the writer between batches.
    const releases: Array<() => void> = [];
    const writer = new BufferedWriter<number>("t", () => new Promise<void>((resolve) => releases.push(resolve)), { batchSize: 2 });
    writer.add([1, 2, 3, 4, 5, 6]);
    void writer.flush();
    let through = false;
    const waiting = writer.drainedTo(4).then(() => (through = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(through).toBe(false);
    releases[0]!();
    await waiting;
    // Through after the first batch, while the second is still being written.
    expect(writer.stats()).toMatchObject({ written: 2, buffered: 4 });
    releases[1]!();
    await new Promise((resolve) => setTimeout(resolve, 5));
    releases[2]!();
    await writer.flush();
    expect(writer.stats()).toMatchObject({ written: 6, buffered: 0 });
  });

  it("with concurrency 2, sends what was added while the run's last batch was being written when it is done, not on the next interval", async () => {
    const calls: Array<{ batch: number[]; settle: () => void }> = [];
    const send = (batch: number[]) => new Promise<void>((resolve) => calls.push({ batch, settle: resolve }));
    const writer = new BufferedWriter<number>("t", send, { batchSize: 2, concurrency: 2, flushIntervalMs: 60_000 }).start();
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    writer.add([1, 2, 3, 4]);
    await tick();
    expect(calls.map((call) => call.batch)).toEqual([[1, 2], [3, 4]]);
    calls[0]!.settle();
    await tick();
    // Less than a batch, while the second send is still under way.
    writer.add([5]);
    void writer.flush();
    calls[1]!.settle();
    await tick();
    expect(calls.map((call) => call.batch)).toEqual([[1, 2], [3, 4], [5]]);
    calls[2]!.settle();
    await writer.stop();
    expect(writer.stats()).toMatchObject({ written: 5, buffered: 0 });
  });

  it("with concurrency 2, sends the next batch while the last is still being written, and retries a failed one", async () => {
    const calls: Array<{ batch: number[]; settle: (error?: Error) => void }> = [];
    const send = (batch: number[]) => new Promise<void>((resolve, reject) => calls.push({ batch, settle: (error) => (error ? reject(error) : resolve()) }));
    const writer = new BufferedWriter<number>("t", send, { batchSize: 2, concurrency: 2, retryInitialMs: 60_000 });
    writer.add([1, 2, 3, 4, 5, 6]);
    const flushed = writer.flush();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Two in flight at once, a third only when one of them is done.
    expect(calls.map((call) => call.batch)).toEqual([[1, 2], [3, 4]]);
    calls[1]!.settle();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls.map((call) => call.batch)).toEqual([[1, 2], [3, 4], [5, 6]]);
    calls[0]!.settle(new Error("unreachable"));
    calls[2]!.settle();
    await flushed;
    // The failed batch waits at the head of the buffer for its retry, after one backoff step.
    expect(writer.stats()).toMatchObject({ written: 4, buffered: 2, dropped: 0 });
    await writer.flush();
    expect(calls).toHaveLength(3);
  });

  it("keeps retrying on stop until everything is written, and counts as dropped what never was", async () => {
    const target = destination();
    target.setUp(false);
    const writer = new BufferedWriter("t", target.send, { batchSize: 2, retryInitialMs: 5 });
    writer.add([1, 2, 3]);
    setTimeout(() => target.setUp(true), 30);
    await writer.stop({ retryForMs: 5_000 });
    expect(target.received).toEqual([1, 2, 3]);
    expect(writer.stats()).toMatchObject({ buffered: 0, written: 3, dropped: 0 });

    const away = destination();
    away.setUp(false);
    const closing = new BufferedWriter("t", away.send, { retryInitialMs: 5 });
    closing.add([1, 2]);
    await closing.stop({ retryForMs: 40 });
    expect(closing.stats()).toMatchObject({ buffered: 0, written: 0, dropped: 2 });
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

  it("splits a batch the destination refuses for its content: good items written, the bad one dropped and reported, the breaker closed", async () => {
    class Refused extends Error {}
    const received: number[] = [];
    let requests = 0;
    const send = async (batch: number[]) => {
      requests++;
      if (batch.some((item) => item < 0)) throw new Refused(`cannot store ${batch.find((item) => item < 0)}`);
      received.push(...batch);
    };
    const writer = new BufferedWriter("t", send, { batchSize: 1000, isRejectedContent: (error) => error instanceof Refused });
    const good = Array.from({ length: 999 }, (_, index) => index + 1);
    writer.add([...good.slice(0, 500), -7, ...good.slice(500)]);
    await writer.flush();
    expect(received.sort((a, b) => a - b)).toEqual(good);
    expect(writer.stats()).toMatchObject({ buffered: 0, written: 999, rejected: 1, lastRejection: { reason: "cannot store -7", sample: "-7" } });
    expect(writer.stats().breaker.state).toBe("closed");
    expect(requests).toBeLessThan(2 * Math.log2(1000) + 2);
    // The items behind it are not held up.
    writer.add([1000]);
    await writer.flush();
    expect(received).toContain(1000);
  });

  it("keeps the unwritten part of a split batch for the retry when the destination goes away mid-split", async () => {
    class Refused extends Error {}
    const received: number[] = [];
    let up = true;
    let refusals = 0;
    const send = async (batch: number[]) => {
      if (!up) throw new Error("unreachable");
      if (batch.includes(-1)) {
        // The destination drops right after its first refusal, while the split has only begun.
        if (++refusals === 1) up = false;
        throw new Refused("bad");
      }
      received.push(...batch);
    };
    const writer = new BufferedWriter("t", send, { batchSize: 100, retryInitialMs: 0, isRejectedContent: (error) => error instanceof Refused });
    writer.add([1, 2, 3, 4, 5, 6, -1, 8]);
    await writer.flush();
    expect(writer.stats()).toMatchObject({ buffered: 8, written: 0, rejected: 0 });
    up = true;
    await writer.flush({ ignoreBackoff: true });
    expect(received.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    expect(writer.stats()).toMatchObject({ buffered: 0, written: 7, rejected: 1 });
  });

  it("with a linger, sends a full batch at once and a partial one only once it lingered, well before the interval", async () => {
    const batches: number[][] = [];
    const writer = new BufferedWriter<number>("t", async (batch) => void batches.push(batch), { batchSize: 3, lingerMs: 200, flushIntervalMs: 60_000 }).start();
    const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    writer.add([1, 2, 3]);
    await tick(5);
    expect(batches).toEqual([[1, 2, 3]]);
    writer.add([4]);
    await tick(5);
    expect(batches).toHaveLength(1);
    writer.add([5]);
    await tick(400);
    expect(batches).toEqual([[1, 2, 3], [4, 5]]);
    await writer.stop();
  });

  describe("with items that stand for several (a body's lines)", () => {
    // An item is a number (one point) or an array of numbers (a body of them).
    type Item = number | number[];
    const weighted = { weigh: (item: Item) => (Array.isArray(item) ? item.length : 1), split: (item: Item) => (Array.isArray(item) ? item : null) };
    const flat = (batches: Item[][]) => batches.map((batch) => batch.flat());

    it("fills batches, capacity and stats by weight, never splitting an item to fit", async () => {
      const batches: Item[][] = [];
      const writer = new BufferedWriter<Item>("t", async (batch) => void batches.push(batch), { ...weighted, batchSize: 4, capacity: 100 });
      writer.add([[1, 2, 3], 4, [5, 6], [7, 8, 9, 10, 11]]);
      expect(writer.stats().buffered).toBe(11);
      await writer.flush();
      // The first batch stops before [5, 6], which would take it to 6; an item heavier than a batch goes alone.
      expect(flat(batches)).toEqual([[1, 2, 3, 4], [5, 6], [7, 8, 9, 10, 11]]);
      expect(writer.stats()).toMatchObject({ buffered: 0, written: 11 });
    });

    it("drops whole items, oldest first, beyond its capacity, and counts what they stood for", () => {
      const writer = new BufferedWriter<Item>("t", async () => {}, { ...weighted, batchSize: 100, capacity: 5 });
      writer.add([[1, 2, 3], 4, [5, 6]]);
      expect(writer.stats()).toMatchObject({ buffered: 3, dropped: 3 });
    });

    it("splits an item the destination refuses, so only the bad one inside it is dropped", async () => {
      class Refused extends Error {}
      const received: number[] = [];
      const send = async (batch: Item[]) => {
        if (batch.flat().includes(-1)) throw new Refused("bad");
        received.push(...batch.flat());
      };
      const writer = new BufferedWriter<Item>("t", send, { ...weighted, batchSize: 100, isRejectedContent: (error) => error instanceof Refused });
      writer.add([[1, 2, 3, -1, 5], 6]);
      await writer.flush();
      expect(received.sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 6]);
      expect(writer.stats()).toMatchObject({ buffered: 0, written: 5, rejected: 1 });
    });
  });
});
