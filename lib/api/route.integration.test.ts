import { describe, expect, it } from "vitest";
import { GET as listTokens, POST as createToken } from "@/app/api/admin/tokens/route";
import { db } from "@/lib/db";
import { call, tokenFor } from "@/scripts/test/requests";

describe("the API route wrapper", () => {
  it("tells a missing caller (401) from a too-low role (403)", async () => {
    const anonymous = await call(listTokens);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expect(anonymous.json.error.code).toBe("unauthenticated");
    expect((await call(listTokens, { token: "odk_unknown" })).status).toBe(401);
    expect((await call(listTokens, { token: await tokenFor("viewer") })).status).toBe(403);
  });

  it("rejects bad bodies with 4xx and the zod issues, and stores nothing", async () => {
    const admin = await tokenFor("admin");
    const before = await db().apiToken.count();
    const cases: Array<[string, string, number, string]> = [
      ["malformed JSON", "{not json", 400, "invalid_json"],
      ["wrong type", JSON.stringify({ name: 42, role: "admin" }), 400, "validation_failed"],
      ["unknown role", JSON.stringify({ name: "x", role: "root" }), 400, "validation_failed"],
      ["unknown field", JSON.stringify({ name: "x", role: "admin", extra: true }), 400, "validation_failed"],
      ["empty body", "", 400, "validation_failed"],
      ["oversized", JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), role: "admin" }), 413, "payload_too_large"],
    ];
    for (const [label, rawBody, status, code] of cases) {
      const response = await call(createToken, { token: admin, rawBody });
      expect(response.status, label).toBe(status);
      expect(response.json.error.code, label).toBe(code);
      expect(response.json.error.requestId, label).toBe(response.headers.get("x-request-id"));
      expect(response.text, label).not.toMatch(/at .*\.ts:\d+/);
    }
    const unknownField = await call(createToken, { token: admin, body: { name: "x", role: "admin", extra: true } });
    expect(unknownField.json.error.details[0].code).toBe("unrecognized_keys");
    expect(await db().apiToken.count()).toBe(before);
  });

  it("accepts a JSON body sent without a JSON content type, as curl -d does", async () => {
    const response = await call(createToken, {
      token: await tokenFor("admin"),
      rawBody: JSON.stringify({ name: "from-curl", role: "viewer" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(201);
  });

  it("keeps a caller's X-Request-ID, replaces an unsafe one, and sends rate-limit headers", async () => {
    const kept = await call(listTokens, { headers: { "x-request-id": "req-abc-123" } });
    expect(kept.headers.get("x-request-id")).toBe("req-abc-123");
    const replaced = await call(listTokens, { headers: { "x-request-id": "bad id with spaces;and<tags>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    for (const header of ["x-ratelimit-limit", "x-ratelimit-burst", "x-ratelimit-remaining", "x-ratelimit-reset"]) {
      expect(kept.headers.get(header), header).toMatch(/^\d+$/);
    }
  });

  it("answers 429 with Retry-After once a caller's bucket is empty", async () => {
    const headers = { "x-forwarded-for": "203.0.113.77" };
    const first = await call(listTokens, { headers });
    const capacity = Number(first.headers.get("x-ratelimit-limit")) + Number(first.headers.get("x-ratelimit-burst"));
    // Sent at once, so the bucket cannot refill between them however slow the machine is.
    const burst = await Promise.all(Array.from({ length: capacity + 10 }, () => call(listTokens, { headers })));
    const last = burst.find((response) => response.status === 429);
    if (!last) throw new Error(`no 429 after ${capacity + 11} requests`);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last.json.error.code).toBe("rate_limited");
  });
});
