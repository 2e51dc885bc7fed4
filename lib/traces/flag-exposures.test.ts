import { describe, expect, it } from "vitest";
import { bucketOf } from "@/lib/flags/evaluate";
import { exposuresOf } from "@/lib/traces/flag-exposures";
import type { StoredSpan } from "@/lib/traces/otlp";

const span = (extra: Partial<StoredSpan>): StoredSpan => ({
  traceId: "a".repeat(32),
  spanId: "b".repeat(16),
  parentSpanId: null,
  name: "POST /checkout",
  service: "checkout",
  kind: 2,
  startNs: 1_796_000_000_000_000_000n,
  durationNs: 42_000_000n,
  statusCode: 2,
  statusMessage: null,
  attributes: {},
  events: [],
  links: [],
  resource: {},
  scope: {},
  ...extra,
});
const evaluation = (flag: string, user?: string) => ({
  name: "feature_flag.evaluation",
  timeNs: "1796000000000000000",
  attributes: { "feature_flag.key": flag, ...(user ? { "feature_flag.context.id": user } : {}), "feature_flag.result.variant": "on" },
});

describe("flag exposures picked out of a span", () => {
  it("reads SpanEventHook events and SpanHook attributes, with the user's bucket and the span's outcome", () => {
    const found = exposuresOf(
      span({ events: [evaluation("new_checkout", "u-1"), evaluation("dark_mode", "u-1")], attributes: { "feature_flag.key": "fast_cart", "feature_flag.context.id": "u-1" } }),
    );
    expect(found.map((exposure) => exposure.flag)).toEqual(["new_checkout", "dark_mode", "fast_cart"]);
    expect(found[0]).toMatchObject({ userId: "u-1", isRoot: true, statusCode: 2, durationNs: 42_000_000n, bucket: Math.round(bucketOf("new_checkout", "u-1") * 100) });
  });

  it("skips evaluations without a user, other events, and counts a flag once per span", () => {
    const found = exposuresOf(
      span({ parentSpanId: "c".repeat(16), events: [evaluation("new_checkout"), { name: "exception", timeNs: "1", attributes: { "feature_flag.key": "x", "feature_flag.context.id": "u" } }, evaluation("dark_mode", "u-2"), evaluation("dark_mode", "u-2")] }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ flag: "dark_mode", userId: "u-2", isRoot: false });
  });
});
