import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/auth/return-path";

const ORIGIN = "https://opsdeck.example.com";

/** Where a browser would actually go if it followed the result as a Location header. */
const landsOn = (path: string) => new URL(path, `${ORIGIN}/signin`).origin;

describe("safeReturnPath", () => {
  it("keeps same-origin paths with their query string exactly", () => {
    expect(safeReturnPath("/dependencies?tab=deps")).toBe("/dependencies?tab=deps");
    expect(safeReturnPath("/incidents/42?tab=timeline")).toBe("/incidents/42?tab=timeline");
    expect(safeReturnPath("/metrics?from=2026-11-23T10%3A00%3A00Z&to=now")).toBe("/metrics?from=2026-11-23T10%3A00%3A00Z&to=now");
    expect(safeReturnPath(`${ORIGIN}/traces?id=abc`, ORIGIN)).toBe("/traces?id=abc");
    expect(safeReturnPath("/flags#rollout")).toBe("/flags");
  });

  const attacks = [
    "https://evil.example/phish",
    "http:evil.example",
    "https:/evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%252F%252Fevil.example",
    "/%5Cevil.example",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "/a/..//evil.example",
    "https://opsdeck.example.com.evil.example/",
    "https://opsdeck.example.com@evil.example/",
    "evil.example",
    "",
  ];

  it.each(attacks)("never leaves the origin for %j", (attack) => {
    const result = safeReturnPath(attack, ORIGIN);
    expect(result.startsWith("/")).toBe(true);
    expect(result.startsWith("//")).toBe(false);
    expect(landsOn(result)).toBe(ORIGIN);
  });

  it("falls back to the overview for the open-redirect attempts", () => {
    for (const attack of attacks) expect(safeReturnPath(attack, ORIGIN), attack).toBe("/");
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/health"])).toBe("/");
  });
});
