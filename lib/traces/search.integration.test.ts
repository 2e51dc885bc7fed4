import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as countTraces } from "@/app/api/admin/traces/count/route";
import { GET as searchTraces } from "@/app/api/admin/traces/route";
import { POST as receive } from "@/app/v1/traces/route";
import { syntheticExport, type SyntheticSpan } from "@/lib/traces/synthetic";
import { call, tokenFor } from "@/scripts/test/requests";

let operator: string;
let viewer: string;
// Unique per run: the integration database is shared by every test file.
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  operator = await tokenFor("operator");
  viewer = await tokenFor("viewer");
});

/** Stores a trace through the receiver (POST /v1/traces). */
async function ingest(root: SyntheticSpan): Promise<string> {
  const { traceId, request } = syntheticExport(root, Date.now() - 60_000);
  const response = await call(receive, { token: operator, rawBody: JSON.stringify(request), headers: { "content-type": "application/json" } });
  expect(response.status).toBe(200);
  return traceId;
}

/** A checkout request whose payment call answered `status` (an int, as most SDKs send it) for request `requestId`. */
const checkout = (requestId: string, status: number | string): SyntheticSpan => ({
  name: "POST /api/checkout",
  service: `shop-${run}`,
  offsetMs: 0,
  durationMs: 300,
  attributes: { request_id: requestId },
  children: [
    { name: "payments.charge", service: `payments-${run}`, offsetMs: 10, durationMs: 200, attributes: { "http.status_code": status, request_id: requestId, "payment.provider": "acme" } },
    { name: "db.query", service: `shop-${run}`, offsetMs: 220, durationMs: 20, attributes: { "db.rows": 3 } },
  ],
});

const search = async (query: string) => {
  const response = await call(searchTraces, { token: viewer, path: `/api/admin/traces?${query}` });
  expect(response.status, response.text).toBe(200);
  return response.json as { traceId: string; matchedSpans: { name: string }[] }[];
};

describe("span-level trace search", () => {
  let ok: string;
  let failed: string;
  let failedAsText: string;

  beforeAll(async () => {
    ok = await ingest(checkout(`req-${run}-ok`, 200));
    failed = await ingest(checkout(`req-${run}-503`, 503));
    failedAsText = await ingest(checkout(`req-${run}-502`, "502"));
  });

  it("finds traces by a child span's attribute equal to a value, naming the span that has it", async () => {
    const found = await search(`service=payments-${run}&attr=http.status_code%3D503`);
    expect(found.map((trace) => trace.traceId)).toEqual([failed]);
    expect(found[0]?.matchedSpans.map((span) => span.name)).toEqual(["payments.charge"]);
    // A string attribute equals its text.
    expect((await search(`attr=payment.provider%3Dacme&service=payments-${run}`)).map((trace) => trace.traceId).sort()).toEqual([ok, failed, failedAsText].sort());
  });

  it("compares an attribute numerically, whether the SDK sent a number or a numeric string", async () => {
    const found = await search(`service=payments-${run}&attr=http.status_code%3E%3D500`);
    expect(found.map((trace) => trace.traceId).sort()).toEqual([failed, failedAsText].sort());
    expect((await search(`service=payments-${run}&attr=http.status_code%3C300`)).map((trace) => trace.traceId)).toEqual([ok]);
    // Two conditions hold on the same span.
    expect(await search(`attr=http.status_code%3E%3D500&attr=db.rows%3D3&service=payments-${run}`)).toEqual([]);
    const count = await call(countTraces, { token: viewer, path: `/api/admin/traces/count?service=payments-${run}&attr=http.status_code%3E%3D500` });
    expect(count.json).toEqual({ total: 2 });
  });

  it("finds the trace of a request id (seed 002's correlation), with every span carrying it", async () => {
    const found = await search(`requestId=req-${run}-503`);
    expect(found.map((trace) => trace.traceId)).toEqual([failed]);
    expect(found[0]?.matchedSpans.map((span) => span.name)).toEqual(["POST /api/checkout", "payments.charge"]);
    expect(await search(`requestId=req-${run}-nobody`)).toEqual([]);
  });

  it("answers 400 naming the field for a query it cannot read", async () => {
    for (const [query, field] of [
      ["attr=http.status_code%3E%3Dfive", "query.attr"],
      ["attr=no-operator-here", "query.attr"],
      [`attr=a%3D1&attr=${encodeURIComponent("b>>2")}`, "query.attr.1"],
      ["spanStatus=broken", "query.spanStatus"],
    ] as const) {
      const response = await call(searchTraces, { token: viewer, path: `/api/admin/traces?${query}` });
      expect(response.status, query).toBe(400);
      expect(response.json.error.message, query).toContain(`at ${field}`);
    }
  });
});
