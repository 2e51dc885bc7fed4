import { describe, expect, it } from "vitest";
import { LIMITS, MalformedExportError, normalizeExport, parseUint64 } from "@/lib/traces/otlp";

const NOW = 1_767_000_000_000n * 1_000_000n;
const options = { encoding: "hex" as const, nowNs: NOW, retentionNs: 7n * 86_400n * 1_000_000_000n };
const TRACE = "5b8efff798038103d269b633813fc60c";

const request = (spans: unknown[], resourceAttributes: object[] = [{ key: "service.name", value: { stringValue: "chat-api" } }]) => ({
  resourceSpans: [{ resource: { attributes: resourceAttributes }, scopeSpans: [{ scope: { name: "s", version: "1" }, spans }] }],
});
const good = { traceId: TRACE, spanId: "eee19b7ec3c1b174", name: "GET /x", kind: 2, startTimeUnixNano: String(NOW - 1000n), endTimeUnixNano: String(NOW) };

describe("normalizeExport", () => {
  it("reads OTLP JSON: hex ids, 64-bit integers as strings or numbers, typed attribute values", () => {
    const { spans, rejected } = normalizeExport(
      request([
        {
          ...good,
          startTimeUnixNano: Number(NOW - 1000n) > Number.MAX_SAFE_INTEGER ? String(NOW - 1000n) : Number(NOW - 1000n),
          attributes: [
            { key: "s", value: { stringValue: "v" } },
            { key: "i", value: { intValue: "42" } },
            { key: "d", value: { doubleValue: 1.5 } },
            { key: "b", value: { boolValue: true } },
            { key: "a", value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: "x" }] } } },
            { key: "k", value: { kvlistValue: { values: [{ key: "n", value: { boolValue: false } }] } } },
          ],
          status: { code: 2, message: "boom" },
        },
      ]),
      options,
    );
    expect(rejected).toBe(0);
    expect(spans[0]).toMatchObject({
      service: "chat-api",
      kind: 2,
      durationNs: 1000n,
      statusCode: 2,
      statusMessage: "boom",
      attributes: { s: "v", i: 42, d: 1.5, b: true, a: [1, "x"], k: { n: false } },
      scope: { name: "s", version: "1" },
    });
  });

  it("reads protobufjs's object form (base64 ids) the same way", () => {
    const b64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");
    const { spans } = normalizeExport(request([{ ...good, traceId: b64(TRACE), spanId: b64(good.spanId) }]), { ...options, encoding: "base64" });
    expect(spans[0]).toMatchObject({ traceId: TRACE, spanId: good.spanId });
  });

  it("rejects bad ids, all-zero ids, missing starts and duplicates, and keeps the rest", () => {
    const result = normalizeExport(
      request([
        good,
        { ...good },
        { ...good, spanId: "0000000000000000" },
        { ...good, spanId: "a1", traceId: TRACE },
        { ...good, spanId: "abcdefabcdefabcd", traceId: "z".repeat(32) },
        { ...good, spanId: "abcdefabcdefabce", startTimeUnixNano: undefined },
        { ...good, spanId: "abcdefabcdefabcf", parentSpanId: "nothex" },
        "not a span",
      ]),
      options,
    );
    expect(result.spans).toHaveLength(1);
    expect(result.rejected).toBe(7);
    expect(result.errors.length).toBeLessThanOrEqual(5);
  });

  it("repairs an end before the start to a zero duration, and a self-parent to a root", () => {
    const { spans } = normalizeExport(request([{ ...good, endTimeUnixNano: "5", parentSpanId: good.spanId }]), options);
    expect(spans[0]).toMatchObject({ durationNs: 0n, parentSpanId: null, attributes: { "opsdeck.repaired": "end_before_start" } });
  });

  it("bounds names, values, attribute counts and events", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: { stringValue: "y".repeat(10_000) } }));
    const events = Array.from({ length: 300 }, () => ({ name: "e", timeUnixNano: String(NOW) }));
    const { spans } = normalizeExport(request([{ ...good, name: "n".repeat(5000), attributes: many, events }]), options);
    const span = spans[0]!;
    expect(span.name.length).toBeLessThanOrEqual(LIMITS.name + 1);
    expect(Object.keys(span.attributes)).toHaveLength(LIMITS.attributes + 1);
    expect((span.attributes.k0 as string).length).toBeLessThanOrEqual(LIMITS.stringValue + 1);
    expect(span.attributes["opsdeck.dropped"]).toBe(200 - LIMITS.attributes + 300 - LIMITS.events);
    expect(span.events).toHaveLength(LIMITS.events);
  });

  it("rejects spans outside the retention window and names unknown services", () => {
    const { spans, rejected } = normalizeExport(
      request([{ ...good, startTimeUnixNano: "1" }, { ...good, spanId: "1111111111111111", startTimeUnixNano: String(NOW + 2n * 3_600_000_000_000n) }, { ...good, spanId: "2222222222222222" }], []),
      options,
    );
    expect(rejected).toBe(2);
    expect(spans[0]!.service).toBe("unknown_service");
  });

  it("throws MalformedExportError only for bodies that are not export requests", () => {
    expect(() => normalizeExport([], options)).toThrow(MalformedExportError);
    expect(() => normalizeExport({ resourceSpans: {} }, options)).toThrow(MalformedExportError);
    expect(normalizeExport({}, options).spans).toEqual([]);
    expect(normalizeExport({ resourceSpans: [null, { scopeSpans: [null] }], extra: 1 }, options).spans).toEqual([]);
  });
});

describe("parseUint64", () => {
  it("accepts decimal strings and safe integers, nothing else", () => {
    expect(parseUint64("18446744073709551615")).toBe(18446744073709551615n);
    expect(parseUint64("18446744073709551616")).toBeNull();
    expect(parseUint64(12)).toBe(12n);
    expect(parseUint64(-1)).toBeNull();
    expect(parseUint64("1e9")).toBeNull();
    expect(parseUint64(1.5)).toBeNull();
  });
});
