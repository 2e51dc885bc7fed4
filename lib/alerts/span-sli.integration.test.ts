import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateOnce, LEASE_NAME } from "@/lib/alerts/evaluator";
import { ruleInputSchema } from "@/lib/alerts/schemas";
import { createRule, createSlo, ensureDefaults, ruleKey, sloKey } from "@/lib/alerts/service";
import { getSloDetail } from "@/lib/alerts/slo-detail";
import { systemActor } from "@/lib/audit";
import { db } from "@/lib/db";
import type { StoredSpan } from "@/lib/traces/otlp";
import { SPAN_MEASUREMENT } from "@/lib/traces/span-measurement";
import { storeSpans } from "@/lib/traces/store";

const MIN = 60_000;
const HOUR = 60 * MIN;
// The last whole hour: recent, so the spans sit well inside the span partitions' retention.
const T = Math.floor(Date.now() / HOUR) * HOUR;
const admin = systemActor("span-sli-test");
const service = `checkout-${randomBytes(3).toString("hex")}`;

const span = (startMs: number, durationMs: number, overrides: Partial<StoredSpan> = {}): StoredSpan => ({
  traceId: randomBytes(16).toString("hex"),
  spanId: randomBytes(8).toString("hex"),
  parentSpanId: null,
  name: "GET /checkout",
  service,
  kind: 2,
  startNs: BigInt(startMs) * 1_000_000n,
  durationNs: BigInt(durationMs) * 1_000_000n,
  statusCode: 0,
  statusMessage: null,
  attributes: {},
  events: [],
  links: [],
  resource: {},
  scope: {},
  ...overrides,
});

/**
 * The hour before T: 20 checkout spans a minute, 4 of them at 800 ms (20 % slow), the rest at
 * 120 ms, a fast error among them; and the same service's health checks and another service, all
 * fast, which the SLI's filter must leave out.
 */
function spans(): StoredSpan[] {
  const out: StoredSpan[] = [];
  for (let minute = T - HOUR; minute < T; minute += MIN) {
    for (let i = 0; i < 20; i++) out.push(span(minute + i * 1000, i < 4 ? 800 : 120, i === 10 ? { statusCode: 2 } : {}));
    for (let i = 0; i < 5; i++) out.push(span(minute + i * 1000, 5, { name: "GET /health" }));
    out.push(span(minute, 2000, { service: `${service}-other` }));
  }
  return out;
}

beforeAll(async () => {
  await storeSpans(spans());
  await db().alertRule.updateMany({ data: { enabled: false } });
  await db().slo.updateMany({ data: { enabled: false } });
  await db().lease.deleteMany({ where: { name: LEASE_NAME } });
});

describe("SLIs and rules over stored spans", () => {
  it("computes a latency SLO from the spans of one service and name, and pages on its burn rate", async () => {
    const where = { service, name: "GET /checkout" };
    const slo = await createSlo(
      {
        name: `${service}-latency`,
        description: "",
        service,
        sli: { good: { measurement: SPAN_MEASUREMENT, where, below: 500 }, total: { measurement: SPAN_MEASUREMENT, where } },
        objective: 99,
        window: "30d",
        labels: {},
        enabled: true,
      },
      admin,
    );
    const rule = await createRule(
      {
        name: "TraceLatencyP99High",
        description: "seed 000: trace p99 > 1000 ms (here 700 ms)",
        query: { kind: "aggregate", measurement: SPAN_MEASUREMENT, field: "duration_ms", aggregate: { fn: "percentile", p: 99 }, where: { service }, groupBy: ["name"], window: "1h" },
        comparison: ">",
        threshold: 700,
        for: "0s",
        keepFiringFor: "0s",
        labels: { severity: "warning" },
        annotations: { summary: "p99 of {{ $labels.name }} spans above 700 ms" },
        enabled: true,
      },
      admin,
    );

    const report = await evaluateOnce({ holder: "span-sli", nowMs: T, deliver: false });
    expect(report).toMatchObject({ evaluated: true, rules: 1, slos: 1 });

    const row = await db().slo.findUniqueOrThrow({ where: { id: slo.id } });
    const figures = row.figures as { errorRatio: number; burnRates: Record<string, number> };
    expect(row.health).toBe("ok");
    expect(figures.errorRatio).toBeCloseTo(0.2);
    expect(figures.burnRates["1h"]).toBeCloseTo(20);
    expect(figures.burnRates["5m"]).toBeCloseTo(20);
    const sloAlerts = await db().alertInstance.findMany({ where: { ruleKey: sloKey(slo.id), state: "firing" } });
    expect(sloAlerts.map((alert) => (alert.labels as Record<string, string>).burn_window).sort()).toEqual(["1h/5m", "6h/30m", "3d/6h"].sort());

    // Per span name: the checkout spans' p99 is 800 ms, the health checks' 5 ms.
    const ruleAlerts = await db().alertInstance.findMany({ where: { ruleKey: ruleKey(rule.id) } });
    expect(ruleAlerts.map((alert) => [(alert.labels as Record<string, string>).name, alert.state, alert.value])).toEqual([["GET /checkout", "firing", 800]]);

    // The SLO page reads the same spans: the last hour's burn rate, the budget overspent.
    const detail = await getSloDetail(slo.id, T);
    expect(detail.burnRateSeries.at(-1)?.burn1h).toBeCloseTo(20);
    expect(detail.burnDown.at(-1)?.remaining).toBeLessThan(1);
  });

  it("ships the seeds' trace p99 rule: a service whose traces take 2 s pages after five minutes, one at 800 ms does not", async () => {
    await ensureDefaults(admin);
    await db().alertRule.updateMany({ data: { enabled: false } });
    await db().alertRule.updateMany({ where: { defaultKey: "trace-latency-p99" }, data: { enabled: true } });
    const rule = await db().alertRule.findFirstOrThrow({ where: { defaultKey: "trace-latency-p99" } });
    const states = async () =>
      Object.fromEntries(
        (await db().alertInstance.findMany({ where: { ruleKey: ruleKey(rule.id) } }))
          .map((alert) => [(alert.labels as Record<string, string>).service, alert.state])
          .filter(([name]) => String(name).startsWith(service)),
      );
    await evaluateOnce({ holder: "span-sli", nowMs: T - 5 * MIN, deliver: false });
    expect(await states()).toEqual({ [`${service}-other`]: "pending" });
    await evaluateOnce({ holder: "span-sli", nowMs: T, deliver: false });
    expect(await states()).toEqual({ [`${service}-other`]: "firing" });
  });

  it("refuses a span tag that does not exist, naming the ones that do", () => {
    const result = ruleInputSchema.safeParse({
      name: "SpanByEndpoint",
      query: { kind: "aggregate", measurement: SPAN_MEASUREMENT, field: "duration_ms", aggregate: { fn: "max" }, groupBy: ["endpoint"], window: "5m" },
      comparison: ">",
      threshold: 1,
      labels: { severity: "warning" },
      annotations: { summary: "s" },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`${SPAN_MEASUREMENT} has no tag "endpoint"; it has service, name, status, root`);
  });
});
