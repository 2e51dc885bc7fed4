import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "@/lib/auth/csrf";

const URL_ = "http://opsdeck.internal:3000/api/admin/tokens";
const check = (method: string, headers: Record<string, string>, publicUrl?: string) =>
  isSameOriginRequest(method, new Headers(headers), URL_, publicUrl);

describe("same-origin proof for session mutations", () => {
  it("lets reads through without proof", () => {
    expect(check("GET", {})).toBe(true);
    expect(check("HEAD", { origin: "https://evil.example" })).toBe(true);
  });

  it("accepts the browser's same-origin signals", () => {
    expect(check("POST", { "sec-fetch-site": "same-origin" })).toBe(true);
    expect(check("DELETE", { origin: "http://opsdeck.internal:3000" })).toBe(true);
    expect(check("POST", { origin: "https://ops.example.com", host: "ops.example.com" })).toBe(true);
    expect(check("POST", { origin: "https://ops.example.com", "x-forwarded-host": "ops.example.com" })).toBe(true);
    expect(check("POST", { origin: "https://ops.example.com" }, "https://ops.example.com")).toBe(true);
  });

  it("refuses mutations from elsewhere or without proof", () => {
    expect(check("POST", {})).toBe(false);
    expect(check("POST", { origin: "https://evil.example" })).toBe(false);
    expect(check("POST", { origin: "null" })).toBe(false);
    expect(check("PUT", { origin: "http://opsdeck.internal:3001" })).toBe(false);
    expect(check("PATCH", { "sec-fetch-site": "same-site" })).toBe(false);
    expect(check("DELETE", { "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBe(false);
    expect(check("POST", { origin: "http://opsdeck.internal.evil.example:3000" })).toBe(false);
  });
});
