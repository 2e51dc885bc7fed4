import { z } from "zod";

/** Roles, weakest first. One ordering serves the server check and the UI's "can I?". */
export const ROLES = ["viewer", "operator", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** What a route may require: a role, or nothing at all (liveness, sign-in). */
export type Access = Role | "public";

export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** Who is calling: a person with a session, or an API token. Both go through the same checks. */
export interface Principal {
  kind: "session" | "token";
  id: string;
  name: string;
  role: Role;
}
