import { describe, expect, it } from "vitest";
import { REDACTED, redactDeep, scrubString } from "@/lib/observability/redact";

describe("log redaction", () => {
  it("replaces secrets and personal data by key name at any depth, in arrays too", () => {
    const redacted = redactDeep({
      user: { profile: { contact: { email: "ana@example.com", phone: "+1 555 0100" } } },
      request: { headers: { authorization: "Bearer abc", cookie: "authjs.session-token=x", "x-api-key": "k" } },
      attempts: [{ password: "hunter2" }, { nested: [{ clientSecret: "s", refresh_token: "t", privateKey: "p" }] }],
      payment: { cardNumber: "4111111111111111", cvv: "123" },
      kept: { flag: "checkout", key: "feature_flags:checkout", count: 3 },
    });
    expect(redacted).toEqual({
      user: { profile: { contact: { email: REDACTED, phone: REDACTED } } },
      request: { headers: { authorization: REDACTED, cookie: REDACTED, "x-api-key": REDACTED } },
      attempts: [{ password: REDACTED }, { nested: [{ clientSecret: REDACTED, refresh_token: REDACTED, privateKey: REDACTED }] }],
      payment: { cardNumber: REDACTED, cvv: REDACTED },
      kept: { flag: "checkout", key: "feature_flags:checkout", count: 3 },
    });
  });

  it("scrubs secrets by shape inside any string: bearer credentials, tokens to their prefix, URL passwords, card numbers, e-mail", () => {
    expect(scrubString("sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload")).toBe(`sent Authorization: Bearer ${REDACTED}`);
    expect(scrubString("token odk_AbCdEfGhIjKlMnOpQrStUv revoked")).toBe("token odk_AbCd… revoked");
    expect(scrubString("connect postgres://opsdeck:s3cret@db:5432/opsdeck failed")).toBe(`connect postgres://opsdeck:${REDACTED}@db:5432/opsdeck failed`);
    expect(scrubString("paid with 4111 1111 1111 1111 today")).toBe("paid with ****1111 today");
    // Not a card number (fails the Luhn check): a long id stays as it is.
    expect(scrubString("order 4111111111111112")).toBe("order 4111111111111112");
    expect(scrubString("locked ana.lopez@example.com")).toBe(`locked ${REDACTED}`);
  });

  it("turns errors into plain objects, scrubbing their message, fields and cause", () => {
    const cause = new Error("auth failed for postgres://u:pw@h/db");
    const error = Object.assign(new Error("query failed", { cause }), { code: "28P01", password: "pw" });
    const redacted = redactDeep({ err: error }) as { err: Record<string, unknown> };
    expect(redacted.err).toMatchObject({ type: "Error", message: "query failed", code: "28P01", password: REDACTED });
    expect((redacted.err.cause as { message: string }).message).toBe(`auth failed for postgres://u:${REDACTED}@h/db`);
  });

  it("survives cycles", () => {
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    expect(redactDeep(loop)).toEqual({ name: "loop", self: "[circular]" });
  });

  it("keeps trace and span ids whole even when one looks like a card number, so a log line still leads to its trace", () => {
    // 4111111111111111 passes the Luhn check; as a span id of decimal digits it is still an id.
    expect(redactDeep({ span_id: "4111111111111111", trace_id: "4111111111111111", note: "card 4111111111111111" })).toEqual({
      span_id: "4111111111111111",
      trace_id: "4111111111111111",
      note: "card ****1111",
    });
  });
});
