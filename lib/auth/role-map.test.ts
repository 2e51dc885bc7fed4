import { describe, expect, it } from "vitest";
import { groupsFromClaim, roleForGroups, roleMapSchema } from "@/lib/auth/role-map";

describe("the IdP group → role map", () => {
  const map = roleMapSchema.parse("ops-admins=admin, ops=operator,staff=viewer");

  it("parses group=role pairs", () => {
    expect(map).toEqual({ "ops-admins": "admin", ops: "operator", staff: "viewer" });
    expect(roleMapSchema.parse("")).toEqual({});
    // Group names may contain "=" (Azure-style "role=x"); the last one separates the role.
    expect(roleMapSchema.parse("team=sre=operator")).toEqual({ "team=sre": "operator" });
  });

  it("explains each bad entry", () => {
    const messages = (text: string) => roleMapSchema.safeParse(text).error?.issues.map((issue) => issue.message) ?? [];
    expect(messages("ops")).toEqual(['"ops" is not group=role (e.g. ops-admins=admin)']);
    expect(messages("ops=root")).toEqual(['"ops=root": the role must be viewer, operator or admin']);
    expect(messages("ops=admin,ops=viewer")).toEqual(['group "ops" is mapped twice (admin and viewer)']);
  });

  it("gives the strongest mapped role, or none", () => {
    expect(roleForGroups(["staff", "ops"], map)).toBe("operator");
    expect(roleForGroups(["ops-admins", "staff"], map)).toBe("admin");
    expect(roleForGroups(["marketing"], map)).toBeNull();
    expect(roleForGroups([], map)).toBeNull();
  });

  it("reads the groups claim in the shapes IdPs send it", () => {
    expect(groupsFromClaim(["a", "b", 3])).toEqual(["a", "b"]);
    expect(groupsFromClaim("a b")).toEqual(["a", "b"]);
    expect(groupsFromClaim(undefined)).toBeUndefined();
  });
});
