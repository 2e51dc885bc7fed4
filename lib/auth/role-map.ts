import { z } from "zod";
import { hasRole, type Role, roleSchema } from "@/lib/auth/roles";

/**
 * `OIDC_ROLE_MAP`: which identity-provider group grants which role, written as
 * `ops-admins=admin,ops=operator,staff=viewer`. A person gets the strongest role any of their
 * groups maps to, and no access when none does.
 */
export type RoleMap = Record<string, Role>;

export const roleMapSchema = z.string().transform((text, ctx): RoleMap => {
  const map: RoleMap = {};
  for (const entry of text.split(",").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.lastIndexOf("=");
    const group = entry.slice(0, separator).trim();
    const role = roleSchema.safeParse(entry.slice(separator + 1).trim());
    if (separator <= 0 || !group) {
      ctx.addIssue({ code: "custom", message: `"${entry}" is not group=role (e.g. ops-admins=admin)` });
    } else if (!role.success) {
      ctx.addIssue({ code: "custom", message: `"${entry}": the role must be viewer, operator or admin` });
    } else if (map[group] && map[group] !== role.data) {
      ctx.addIssue({ code: "custom", message: `group "${group}" is mapped twice (${map[group]} and ${role.data})` });
    } else {
      map[group] = role.data;
    }
  }
  return map;
});

/** The claim's value as a list of group names: IdPs send an array, a single string, or a space-separated string. */
export function groupsFromClaim(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return undefined;
}

/** The strongest role the groups map to, or null when none is mapped. */
export function roleForGroups(groups: readonly string[], map: RoleMap): Role | null {
  let best: Role | null = null;
  for (const group of groups) {
    const role = map[group];
    if (role && (!best || hasRole(role, best))) best = role;
  }
  return best;
}
