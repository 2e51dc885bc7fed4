import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getErrors } from "@/app/api/admin/metrics/errors/route";
import { GET as getDeps } from "@/app/api/health/deps/route";
import { GET as getPrometheus } from "@/app/api/metrics/route";
import { GET as getSeries } from "@/app/api/admin/metrics/series/[name]/route";
import { POST as write } from "@/app/api/admin/metrics/write/route";
import { INGEST_BODY_LIMIT_BYTES } from "@/lib/metrics/endpoints";
import { SKETCH_RELATIVE_ACCURACY } from "@/lib/metrics/rollup/sketch";
import { metricsStore, metricsWriter } from "@/lib/metrics/store";
import { call, tokenFor } from "@/scripts/test/requests";

let operator: string;
let viewer: string;

beforeAll(async () => {
  operator = await tokenFor("operator");
  viewer = await tokenFor("viewer");
});

const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;

describe("the metrics API (SQL store)", () => {
  it("parses a body while it streams and refuses one over the limit whole, once the limit is read, keeping none of its lines", async () => {
    const t = minutesAgo(5) * 1000;
    const chunk = new TextEncoder().encode(
      Array.from({ length: 1000 }, (_, i) => `ingest_limit_test,host=h${i % 4} v=${i} ${t + i}`).join("\n") + "\n",
    );
    const counter = { pulled: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (counter.pulled >= 2 * INGEST_BODY_LIMIT_BYTES) return controller.close();
        counter.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new NextRequest(new URL("/api/admin/metrics/write?precision=u", "http://127.0.0.1:3000"), {
      method: "POST",
      headers: { authorization: `Token ${operator}`, "content-type": "text/plain" },
      body,
      duplex: "half",
    } as unknown as ConstructorParameters<typeof NextRequest>[1]);
    const response = await write(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("payload_too_large");
    expect(counter.pulled).toBeLessThan(INGEST_BODY_LIMIT_BYTES + 2 * chunk.byteLength);
    await metricsWriter().flush({ ignoreBackoff: true });
    const rows = await metricsStore().aggregate({
      measurement: "ingest_limit_test",
      field: "v",
      fromUs: t - 60_000_000,
      toUs: Date.now() * 1000,
      stepSeconds: null,
      groupBy: [],
      aggregates: [{ fn: "count" }],
    });
    expect(rows).toEqual([]);
    // Nor does it teach the field's type: the refused body had v as a number, and nothing of it was kept.
    const retyped = await write(
      new NextRequest(new URL("/api/admin/metrics/write?precision=u", "http://127.0.0.1:3000"), {
        method: "POST",
        headers: { authorization: `Token ${operator}`, "content-type": "text/plain" },
        body: `ingest_limit_test,host=h0 v="as text" ${t}`,
      }),
      { params: Promise.resolve({}) },
    );
    expect(retyped.status).toBe(200);
    expect(await retyped.json()).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it("uses the SQL store when INFLUXDB_URL is unset", () => {
    expect(metricsStore().kind).toBe("sql");
  });

  it("keeps good lines, rejects bad ones with their line numbers and says how many of each", async () => {
    const t = minutesAgo(10) * 1_000_000;
    const body = [
      `api_request,endpoint=/api/ingest-test status="200",duration_ms=10 ${t}`,
      "cpu_load_without_fields",
      `api_error,endpoint=/api/ingest-test,errorType=Boom duration_ms=5,message="kaput" ${t + 1}`,
      "# a comment",
      `api_request,endpoint=/api/ingest-test duration_ms=abc ${t + 2}`,
    ].join("\n");
    const response = await call(write, { token: operator, rawBody: body, path: "/api/admin/metrics/write?db=services", headers: { authorization: `Token ${operator}` } });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("partial_write");
    expect(response.json.error.details).toMatchObject({
      accepted: 2,
      rejected: 2,
      errors: [{ line: 2, message: "missing fields" }, { line: 5, message: expect.stringContaining("duration_ms") }],
    });
    await metricsWriter().flush({ ignoreBackoff: true });
    const errors = await call(getErrors, { token: viewer, path: "/api/admin/metrics/errors?window=1h" });
    expect(errors.status).toBe(200);
    expect(errors.json.errors).toContainEqual({
      endpoint: "/api/ingest-test",
      errorCount: 1,
      errorRate: 1,
      requests: 1,
      topErrors: [{ type: "Boom", count: 1, message: "kaput" }],
    });
  });

  it("answers 200 with the counts when every line is good, in any precision", async () => {
    const seconds = Math.floor(minutesAgo(5) / 1000);
    const lines = Array.from({ length: 20 }, (_, i) => `auth_duration,success=true duration_ms=${480 + i} ${seconds * 1000 + i}`);
    const response = await call(write, { token: operator, rawBody: lines.join("\n"), path: "/api/admin/metrics/write?precision=ms" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ accepted: 20, rejected: 0, errors: [] });
    await metricsWriter().flush({ ignoreBackoff: true });
    const from = new Date(minutesAgo(15)).toISOString();
    const series = await call(getSeries, { token: viewer, params: { name: "auth_latency" }, path: `/api/admin/metrics/series/auth_latency?from=${from}&step=3600` });
    expect(series.status).toBe(200);
    const p50 = series.json.lines.find((line: { id: string }) => line.id === "p50");
    // 480..499, nearest rank floor(20·0.5 + 0.5) = 10 → 489, read from minute rollups: within the sketch's 1 %.
    expect(p50.points.some((point: { value: number }) => Math.abs(point.value - 489) <= 489 * SKETCH_RELATIVE_ACCURACY)).toBe(true);
    expect(series.json.resolution).toBe("1m");
  });

  it("refuses viewers on the ingest endpoint and callers without a token", async () => {
    expect((await call(write, { token: viewer, rawBody: "m v=1" })).status).toBe(403);
    expect((await call(write, { rawBody: "m v=1" })).status).toBe(401);
  });

  it("takes a fleet's writes on one token beyond the default limit of a route (120 at once)", async () => {
    // Many processes' SDKs flush every second under one token: 300 writes at once are all taken.
    const fleet = await tokenFor("operator");
    const t = minutesAgo(3) * 1000;
    const statuses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => call(write, { token: fleet, rawBody: `fleet_write_test,process=p${i} v=1 ${t + i}`, path: "/api/admin/metrics/write?precision=u" }).then((response) => response.status)),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await metricsWriter().flush({ ignoreBackoff: true });
  });

  it("answers 400 with a clear message for unknown series, inverted or long ranges and too many points", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["latency_p42", "", /series|name/i],
      ["auth_latency", "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", /before `to`/],
      ["auth_latency", "?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", /31 days/],
      ["auth_latency", "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&step=1", /86400 points requested/],
      ["auth_latency", "?from=yesterday", /from/],
    ];
    for (const [name, search, message] of cases) {
      const response = await call(getSeries, { token: viewer, params: { name }, path: `/api/admin/metrics/series/${name}${search}` });
      expect(response.status, `${name}${search}`).toBe(400);
      expect(response.json.error.message).toMatch(message);
    }
    const badWindow = await call(getErrors, { token: viewer, path: "/api/admin/metrics/errors?window=forever" });
    expect(badWindow.status).toBe(400);
    expect(badWindow.json.error.message).toMatch(/5m, 1h or 7d/);
  });

  it("rejects a body of only bad lines and an unknown precision", async () => {
    const bad = await call(write, { token: operator, rawBody: "no_fields\nm,tag y=1" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_line_protocol");
    expect(bad.json.error.details.accepted).toBe(0);
    const precision = await call(write, { token: operator, rawBody: "m v=1", path: "/api/admin/metrics/write?precision=h" });
    expect(precision.status).toBe(400);
  });

  it("shows the write buffer in /api/health/deps and in Prometheus", async () => {
    const deps = await call(getDeps, { token: viewer });
    expect(deps.json.dependencies.database.message).toMatch(/^metrics buffer: 0\/100000 points, 0 dropped, circuit closed; metrics rollups: (compacted \d+ s ago|first run pending)$/);
    const scrape = await call(getPrometheus, { token: viewer });
    expect(scrape.text).toMatch(/^opsdeck_metrics_write_buffer_points 0$/m);
    expect(scrape.text).toMatch(/^opsdeck_metrics_write_dropped_points 0$/m);
  });
});
