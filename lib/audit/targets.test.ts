import { describe, expect, it } from "vitest";
import { auditTargetHref } from "@/lib/audit/targets";

describe("auditTargetHref", () => {
  it("links known targets to their page and others to their own history", () => {
    expect(auditTargetHref({ type: "feature_flag", id: "new checkout" })).toBe("/flags/new%20checkout");
    expect(auditTargetHref({ type: "api_token", id: "x" })).toBe("/tokens");
    expect(auditTargetHref({ type: "login_email", id: "a+b@example.com" })).toBe("/ratelimit?email=a%2Bb%40example.com");
    expect(auditTargetHref({ type: "cache", id: "user:*" })).toBe("/audit?targetType=cache&targetId=user%3A*");
  });
});
