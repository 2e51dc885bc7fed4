import { randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import { hashToken, TOKEN_PREFIX } from "@/lib/auth/credential";
import type { ApiTokenView } from "@/lib/auth/schemas";
import type { Principal, Role } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { announceEdgeAccessChange } from "@/lib/edge/access-changes";

/**
 * API tokens: `odk_` + 32 random bytes. Only their SHA-256 is stored (lib/auth/credential.ts),
 * so a leaked database does not leak credentials.
 */
// Writing last-used on every request would turn reads into writes; a minute's precision is enough.
const LAST_USED_PRECISION_MS = 60_000;

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const toView = (row: TokenRow): ApiTokenView => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export async function createApiToken(
  input: { name: string; role: Role },
  actor: Actor,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        role: input.role,
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        tokenHash: hashToken(token),
        createdBy: actor.name,
      },
    });
    await writeAudit(tx, actor, {
      action: "token.create",
      target: { type: "api_token", id: created.id },
      after: toView(created),
    });
    return created;
  });
  await announceEdgeAccessChange();
  return { token, apiToken: toView(row) };
}

/**
 * Valid tokens seen lately, by hash. Services call with the same token thousands of times a
 * second (flag evaluation); a database round trip each time was the largest cost of a request.
 * Only valid tokens are kept, so the map is bounded by the tokens that exist. A revocation
 * applies at once on the instance that made it and within PRINCIPAL_CACHE_MS on the others.
 */
const PRINCIPAL_CACHE_MS = 5_000;
const recentPrincipals = new Map<string, { principal: Principal; expiresAt: number }>();
const forgetPrincipal = (tokenHash: string) => recentPrincipals.delete(tokenHash);

export async function listApiTokens(): Promise<ApiTokenView[]> {
  const rows = await db().apiToken.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

export async function revokeApiToken(id: string, actor: Actor): Promise<ApiTokenView> {
  const { view, tokenHash } = await db().$transaction(async (tx) => {
    const existing = await tx.apiToken.findUnique({ where: { id }, omit: { tokenHash: false } });
    if (!existing) throw new ApiError(404, "not_found", `No API token with id ${id}`);
    if (existing.revokedAt) return { view: toView(existing), tokenHash: existing.tokenHash };
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, {
      action: "token.revoke",
      target: { type: "api_token", id },
      before: toView(existing),
      after: toView(revoked),
    });
    return { view: toView(revoked), tokenHash: existing.tokenHash };
  });
  // After the commit: a request resolving the token meanwhile could otherwise cache it as valid again.
  forgetPrincipal(tokenHash);
  await announceEdgeAccessChange();
  return view;
}

/** Resolves a bearer secret to its principal, or null when unknown or revoked. */
export async function principalForToken(token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const tokenHash = hashToken(token);
  const now = Date.now();
  const cached = recentPrincipals.get(tokenHash);
  if (cached && cached.expiresAt > now) return cached.principal;
  recentPrincipals.delete(tokenHash);
  const row = await db().apiToken.findUnique({ where: { tokenHash } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  const principal: Principal = { kind: "token", id: row.id, name: row.name, role: row.role };
  recentPrincipals.set(tokenHash, { principal, expiresAt: now + PRINCIPAL_CACHE_MS });
  return principal;
}
