import type { Endpoint } from "@/lib/api/endpoint";
import { hasRole, type Role } from "@/lib/auth/roles";

/** Whether a role may call an endpoint and, when not, the sentence a disabled control shows. */
export type Permission = { allowed: true; reason: undefined } | { allowed: false; reason: string };

/**
 * The browser's "can I?", read from the endpoint's declared access — the same field the route
 * wrapper enforces — so a control is disabled exactly when the server would answer 403.
 */
export function can(role: Role | null | undefined, endpoint: Pick<Endpoint, "access">): Permission {
  if (endpoint.access === "public") return { allowed: true, reason: undefined };
  if (!role) return { allowed: false, reason: "Sign in first" };
  if (hasRole(role, endpoint.access)) return { allowed: true, reason: undefined };
  return { allowed: false, reason: `Needs the ${endpoint.access} role` };
}
