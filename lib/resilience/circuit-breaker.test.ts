import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitOpenError } from "@/lib/resilience/circuit-breaker";

function harness() {
  let time = 0;
  const breaker = new CircuitBreaker("influxdb", { now: () => time });
  const fail = () => breaker.run(() => Promise.reject(new Error("connection refused")));
  const succeed = () => breaker.run(() => Promise.resolve("ok"));
  return { breaker, fail, succeed, advance: (ms: number) => (time += ms) };
}

describe("circuit breaker (seed 004: 5 failures, 30 s, one half-open probe)", () => {
  it("opens after 5 consecutive failures and then fails fast without calling", async () => {
    const { breaker, fail } = harness();
    for (let i = 0; i < 4; i++) await expect(fail()).rejects.toThrow("connection refused");
    expect(breaker.snapshot().state).toBe("closed");
    await expect(fail()).rejects.toThrow("connection refused");
    expect(breaker.snapshot()).toMatchObject({ state: "open", consecutiveFailures: 5, lastError: "connection refused" });
    let called = false;
    await expect(breaker.run(async () => (called = true))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
  });

  it("a success in between resets the count", async () => {
    const { breaker, fail, succeed } = harness();
    for (let i = 0; i < 4; i++) await expect(fail()).rejects.toThrow();
    await succeed();
    for (let i = 0; i < 4; i++) await expect(fail()).rejects.toThrow();
    expect(breaker.snapshot().state).toBe("closed");
  });

  it("lets exactly one probe through after 30 s; success closes, failure re-opens", async () => {
    const { breaker, fail, succeed, advance } = harness();
    for (let i = 0; i < 5; i++) await expect(fail()).rejects.toThrow();
    advance(29_999);
    await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);
    advance(1);
    expect(breaker.snapshot().state).toBe("half-open");

    let release!: () => void;
    const probe = breaker.run(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await probe;
    expect(breaker.snapshot().state).toBe("closed");

    for (let i = 0; i < 5; i++) await expect(fail()).rejects.toThrow();
    advance(30_000);
    await expect(fail()).rejects.toThrow("connection refused");
    expect(breaker.snapshot().state).toBe("open");
  });

  it("a health check probes even while the circuit is open, and its success closes it at once", async () => {
    const { breaker, fail, succeed } = harness();
    for (let i = 0; i < 5; i++) await expect(fail()).rejects.toThrow();
    await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(breaker.probe(() => Promise.reject(new Error("still down")))).rejects.toThrow("still down");
    expect(breaker.snapshot()).toMatchObject({ state: "open", lastError: "still down" });
    expect(await breaker.probe(() => Promise.resolve("back"))).toBe("back");
    expect(breaker.snapshot()).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    expect(await succeed()).toBe("ok");
  });
});
