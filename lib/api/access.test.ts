import { describe, expect, it } from "vitest";
import { can } from "@/lib/api/access";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { healthEndpoints } from "@/lib/health/endpoints";
import { tokenEndpoints } from "@/lib/auth/endpoints";

describe("can", () => {
  it("refuses a viewer the flag slider, naming the role it needs", () => {
    expect(can("viewer", flagEndpoints.update)).toEqual({ allowed: false, reason: "Needs the operator role" });
  });

  it("lets an operator move the slider but not create tokens", () => {
    expect(can("operator", flagEndpoints.update).allowed).toBe(true);
    expect(can("operator", tokenEndpoints.create)).toEqual({ allowed: false, reason: "Needs the admin role" });
  });

  it("allows a public endpoint to anyone, and asks the signed-out to sign in for the rest", () => {
    expect(can(null, healthEndpoints.live).allowed).toBe(true);
    expect(can(null, flagEndpoints.list)).toEqual({ allowed: false, reason: "Sign in first" });
  });
});
