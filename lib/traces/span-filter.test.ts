import { describe, expect, it } from "vitest";
import { equalityDocuments, parseAttributeCondition } from "@/lib/traces/span-filter";

describe("attribute conditions as an operator writes them", () => {
  it("reads equality and the four numeric comparisons, splitting at the first operator", () => {
    expect(parseAttributeCondition("request_id=req-42")).toEqual({ condition: { key: "request_id", op: "=", value: "req-42" } });
    expect(parseAttributeCondition("http.status_code>=500")).toEqual({ condition: { key: "http.status_code", op: ">=", value: 500 } });
    expect(parseAttributeCondition(" db.rows < 10 ")).toEqual({ condition: { key: "db.rows", op: "<", value: 10 } });
    expect(parseAttributeCondition("latency.ms<=0.5")).toEqual({ condition: { key: "latency.ms", op: "<=", value: 0.5 } });
    expect(parseAttributeCondition("retries>-1")).toEqual({ condition: { key: "retries", op: ">", value: -1 } });
    // The value may hold operators of its own.
    expect(parseAttributeCondition("query=a=b<c")).toEqual({ condition: { key: "query", op: "=", value: "a=b<c" } });
  });

  it("says what is wrong with what it cannot read", () => {
    expect(parseAttributeCondition("http.status_code")).toMatchObject({ problem: expect.stringContaining("key=value") });
    expect(parseAttributeCondition("http.status_code>=five")).toMatchObject({ problem: expect.stringContaining('"five" is not a number') });
    expect(parseAttributeCondition("http.status_code>=1e400")).toMatchObject({ problem: expect.stringContaining("not a number") });
    expect(parseAttributeCondition("request_id=")).toMatchObject({ problem: "request_id= needs a value" });
    expect(parseAttributeCondition(`${"k".repeat(257)}=1`)).toMatchObject({ problem: expect.stringContaining("longer than 256") });
  });

  it("matches an equal number or boolean as well as the text, since SDKs send either", () => {
    expect(equalityDocuments({ key: "http.status_code", value: "503" })).toEqual(['{"http.status_code":"503"}', '{"http.status_code":503}']);
    expect(equalityDocuments({ key: "cache.hit", value: "true" })).toEqual(['{"cache.hit":"true"}', '{"cache.hit":true}']);
    expect(equalityDocuments({ key: "request_id", value: "req-1" })).toEqual(['{"request_id":"req-1"}']);
  });
});
