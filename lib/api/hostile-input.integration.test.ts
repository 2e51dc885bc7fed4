import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as listAudit } from "@/app/api/admin/audit/route";
import { POST as createFlag } from "@/app/api/admin/feature-flags/route";
import { POST as createIncident } from "@/app/api/admin/incidents/route";
import { POST as writeMetrics } from "@/app/api/admin/metrics/write/route";
import { POST as createToken } from "@/app/api/admin/tokens/route";
import { GET as listTraces } from "@/app/api/admin/traces/route";
import { GET as unknownPath } from "@/app/api/[...path]/route";
import { POST as loginAttempt } from "@/app/api/ratelimit/login-attempts/route";
import { POST as alertmanager } from "@/app/api/webhooks/alertmanager/route";
import { POST as grafana } from "@/app/api/webhooks/grafana/route";
import { POST as ofrepBulk } from "@/app/ofrep/v1/evaluate/flags/route";
import { POST as receiveTraces } from "@/app/v1/traces/route";
import type { WrappedRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { proxy } from "@/proxy";
import { call, tokenFor } from "@/scripts/test/requests";

/**
 * One test per class of hostile input the fuzzing of issue 16 found answering 500 or the wrong
 * shape; each asserts the 4xx, Opsdeck's error shape and that nothing was stored.
 */
type Answer = Awaited<ReturnType<typeof call>>;

function expectError(response: Answer, status: number, code: string) {
  expect(response.status, response.text.slice(0, 300)).toBe(status);
  expect(response.json.error.code).toBe(code);
  expect(response.json.error.requestId).toBe(response.headers.get("x-request-id"));
}

const stored = async () => ({
  flags: await db().featureFlag.count(),
  tokens: await db().apiToken.count(),
  incidents: await db().incident.count(),
  spans: await db().traceSpan.count(),
});

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

/** A body that streams `total` bytes in 64 KiB chunks on demand and says how many were pulled. */
function countedStream(total: number, prefix = "") {
  const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(prefix));
    },
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

async function send(handler: WrappedRoute, token: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const request = new NextRequest(new URL(handler.endpoint.path, "http://127.0.0.1:3000"), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as unknown as ConstructorParameters<typeof NextRequest>[1]);
  const response = await handler(request, { params: Promise.resolve({}) });
  return { status: response.status, text: await response.text() };
}

describe("hostile input", () => {
  it("refuses NUL and lone surrogates in any stored string with a 400 naming the field, and stores nothing", async () => {
    const admin = await tokenFor("admin");
    const before = await stored();
    const cases: Array<[WrappedRoute, unknown, string]> = [
      [createFlag, { name: "nul_description", description: "a\u0000b" }, "body.description"],
      [createFlag, { name: "nul_metadata", metadata: { owner: { team: "x\u0000" } } }, "body.metadata.owner.team"],
      [createFlag, { name: "nul_key", metadata: { "k\u0000": 1 } }, "body.metadata.k\u0000"],
      [createFlag, { name: "surrogate", metadata: { note: "\ud800" } }, "body.metadata.note"],
      [createToken, { name: "tok\u0000en", role: "viewer" }, "body.name"],
      [createIncident, { title: "Checkout down", owner: "\udc00ops" }, "body.owner"],
      [loginAttempt, { email: "a@example.com", success: false, department: "\u0000" }, "body.department"],
    ];
    for (const [handler, body, field] of cases) {
      const response = await call(handler, { token: admin, body });
      expectError(response, 400, "validation_failed");
      expect(response.json.error.message, field).toContain(field);
    }
    // (Undecodable bytes in a query string arrive as U+FFFD, so only NUL can reach a filter.)
    expectError(await call(listAudit, { token: admin, path: "/api/admin/audit?actor=a%00b" }), 400, "validation_failed");
    expectError(await call(listTraces, { token: admin, path: "/api/admin/traces?service=%00" }), 400, "validation_failed");
    expect(await stored()).toEqual(before);
  });

  it("bounds numbers in query strings to what storage holds", async () => {
    const admin = await tokenFor("admin");
    for (const query of ["minDurationMs=1e308", "minDurationMs=99999999999999999999999", "minConnections=99999999999", "minDurationMs=Infinity"]) {
      expectError(await call(listTraces, { token: admin, path: `/api/admin/traces?${query}` }), 400, "validation_failed");
    }
    expectError(await call(listAudit, { token: admin, path: "/api/admin/audit?cursor=9999999999999999999" }), 400, "validation_failed");
    expect((await call(listAudit, { token: admin, path: "/api/admin/audit?cursor=9223372036854775807" })).status).toBe(200);
  });

  it("bounds JSON nesting and array lengths before parsing: 400 too deep, 413 too long", async () => {
    const admin = await tokenFor("admin");
    const before = await stored();
    expectError(await call(createFlag, { token: admin, rawBody: `{"name":"deep","metadata":${nested(10_000)}}` }), 400, "json_too_deep");
    expectError(await call(createFlag, { token: admin, rawBody: `{"name":"deep","metadata":${"[".repeat(100)}${"]".repeat(100)}}` }), 400, "json_too_deep");
    const long = JSON.stringify({ name: "long", metadata: { items: Array.from({ length: 10_001 }, () => 0) } });
    expectError(await call(createFlag, { token: admin, rawBody: long }), 413, "json_array_too_long");
    // Brackets inside strings are text, not nesting.
    const bracketed = await call(createFlag, { token: admin, body: { name: `brackets_${Date.now()}`, description: "[".repeat(500) } });
    expect(bracketed.status).toBe(201);
    expect((await stored()).flags).toBe(before.flags + 1);
  });

  it("enforces body limits while reading: a 20 MB OFREP body is a 413 after about 1 MB is read", async () => {
    const viewer = await tokenFor("viewer");
    const { stream, counter } = countedStream(20 * 1024 * 1024, '{"context":{"targetingKey":"u"}}');
    const response = await send(ofrepBulk, viewer, stream);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text).error.code).toBe("payload_too_large");
    expect(counter.pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("answers OTLP bodies nested too deep with OTLP's 400 (JSON and protobuf AnyValues) and repairs NUL in span text", async () => {
    const operator = await tokenFor("operator");
    const before = await stored();
    const deepJson = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"a","value":${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(2000)}{}${"}]}}".repeat(2000)}}]}]}]}]}`;
    const json = await call(receiveTraces, { token: operator, rawBody: deepJson, headers: { "content-type": "application/json" } });
    expect(json.status).toBe(400);
    expect(json.json).toMatchObject({ code: 3 });
    expect(json.json.message).toMatch(/nesting exceeds/);

    // Protobuf: AnyValue{array_value=5: ArrayValue{values=1: AnyValue{…}}}, 200 levels, inside a valid span.
    let value = Buffer.from([0x0a, 0x01, 0x78]); // AnyValue{string_value: "x"}
    for (let level = 0; level < 200; level++) {
      const array = Buffer.concat([Buffer.from([0x0a]), varint(value.length), value]);
      value = Buffer.concat([Buffer.from([0x2a]), varint(array.length), array]);
    }
    const keyValue = Buffer.concat([Buffer.from([0x0a, 0x01, 0x6b, 0x12]), varint(value.length), value]);
    const now = BigInt(Date.now()) * 1_000_000n;
    const span = Buffer.concat([
      field(1, Buffer.alloc(16, 1)),
      field(2, Buffer.alloc(8, 2)),
      field(5, Buffer.from("deep")),
      Buffer.from([0x39]), fixed64(now), // start_time_unix_nano = 7
      Buffer.from([0x41]), fixed64(now + 1000n),
      field(9, keyValue),
    ]);
    const protobufBody = field(1, field(2, field(2, span)));
    const request = new NextRequest(new URL("/v1/traces", "http://127.0.0.1:3000"), {
      method: "POST",
      headers: { authorization: `Bearer ${operator}`, "content-type": "application/x-protobuf" },
      body: protobufBody,
    });
    const protobuf = await receiveTraces(request, { params: Promise.resolve({}) });
    expect(protobuf.status).toBe(400);
    expect(protobuf.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await stored()).spans).toBe(before.spans);

    const traceId = "1".repeat(31) + "7";
    const nul = await call(receiveTraces, {
      token: operator,
      headers: { "content-type": "application/json" },
      body: {
        resourceSpans: [{
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc\u0000" } }] },
          scopeSpans: [{ spans: [{ traceId, spanId: "2".repeat(16), name: `get\u0000${"\ud83d\ude00".repeat(200)}`, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 5n), attributes: [{ key: "lone", value: { stringValue: "\udfff" } }] }] }],
        }],
      },
    });
    expect(nul.status, nul.text).toBe(200);
    const row = await db().traceSpan.findFirst({ where: { traceId } });
    expect(row?.name.startsWith("get\uFFFD")).toBe(true);
    expect(row?.service).toBe("svc\uFFFD");
    expect((row?.attributes as Record<string, string>).lone).toBe("\uFFFD");
  });

  it("refuses a NUL line of line protocol on its own line and stores the good lines", async () => {
    const operator = await tokenFor("operator");
    const service = `poison_${Date.now()}`;
    const body = [`api_request,service=${service} duration_ms=1`, `api_request,service=bad\u0000 duration_ms=2`, `api_request,service=${service} duration_ms=3`].join("\n");
    const response = await call(writeMetrics, { token: operator, rawBody: body });
    expectError(response, 400, "partial_write");
    expect(response.json.error.details).toMatchObject({ accepted: 2, rejected: 1, errors: [{ line: 2 }] });
  });

  it("answers webhooks' malformed payloads with 400, never 500, and cuts titles without splitting a character", async () => {
    const operator = await tokenFor("operator");
    const before = await stored();
    const alert = { status: "firing", labels: { alertname: "Checkout" }, startsAt: "2026-12-01T10:00:00Z", fingerprint: `fp${Date.now()}` };
    const payload = { version: "4", groupKey: `g${Date.now()}`, status: "firing", receiver: "opsdeck", alerts: [alert] };
    const malformed: unknown[] = [
      { ...payload, groupKey: "\u{1F600}".repeat(1000) }, // 4,000 bytes: more than the index holds
      { ...payload, alerts: [{ ...alert, labels: { alertname: "a\u0000" } }] },
      { ...payload, alerts: [{ ...alert, startsAt: "yesterday" }] },
      { ...payload, alerts: [] },
      { ...payload, truncatedAlerts: 1e308 },
      [payload],
      "alert",
    ];
    for (const body of malformed) expectError(await call(alertmanager, { token: operator, body }), 400, "validation_failed");
    expectError(await call(grafana, { token: operator, body: { ...payload, version: "1", orgId: 1.5 } }), 400, "validation_failed");
    expectError(await call(alertmanager, { token: operator, rawBody: `{"version":"4","extra":${nested(5000)}}` }), 400, "json_too_deep");
    expect(await stored()).toEqual(before);

    const summary = `${"a".repeat(199)}\u{1F600}`;
    const created = await call(alertmanager, { token: operator, body: { ...payload, commonAnnotations: { summary } } });
    expect(created.status, created.text).toBeLessThan(300);
    const incident = await db().incident.findFirst({ where: { groupKey: payload.groupKey } });
    expect(incident?.title).toBe("a".repeat(199));
  });

  it("answers JSON for API paths that do not decode or match nothing, not the framework's text or HTML", async () => {
    for (const path of ["/api/admin/feature-flags/%zz", "/api/admin/feature-flags/%", "/ofrep/v1/evaluate/flags/%ff%fe", "/v1/traces%c0%ae"]) {
      const response = await proxy(new NextRequest(new URL(path, "http://127.0.0.1:3000")));
      expect(response.status, path).toBe(400);
      const body = await response.json();
      expect(body.error).toMatchObject({ code: "invalid_path", requestId: response.headers.get("x-request-id") });
    }
    const passed = await proxy(new NextRequest(new URL("/api/admin/feature-flags/ok%20name", "http://127.0.0.1:3000")));
    expect(passed.headers.get("x-middleware-next")).toBe("1");
    const missing = unknownPath(new NextRequest(new URL("/api/admin/nothing-here", "http://127.0.0.1:3000"), { headers: { "x-request-id": "req-1" } }));
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/json");
    expect(await missing.json()).toMatchObject({ error: { code: "not_found", requestId: "req-1" } });
  });
});

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

/** A length-delimited protobuf field. */
const field = (number: number, bytes: Buffer) => Buffer.concat([Buffer.from([(number << 3) | 2]), varint(bytes.length), bytes]);

function fixed64(value: bigint): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(value);
  return buffer;
}
