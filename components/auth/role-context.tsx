"use client";

import { createContext, useContext, type ReactNode } from "react";
import { can, type Permission } from "@/lib/api/access";
import type { Endpoint } from "@/lib/api/endpoint";
import type { Role } from "@/lib/auth/roles";

const RoleContext = createContext<Role | null>(null);

/** The signed-in person's role, for every control below it that asks "can I?". */
export function RoleProvider({ role, children }: { role: Role; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

export const useRole = (): Role | null => useContext(RoleContext);

/** `can(role, endpoint)` for the signed-in person: disable the control and show `reason` when not allowed. */
export const useCan = (endpoint: Pick<Endpoint, "access">): Permission => can(useRole(), endpoint);

/** The reason a control is disabled, next to it; give the control `aria-describedby={id}`. */
export function NotAllowedReason({ permission, id }: { permission: Permission; id: string }) {
  if (permission.allowed) return null;
  return (
    <span id={id} className="text-xs text-muted">
      {permission.reason}
    </span>
  );
}
