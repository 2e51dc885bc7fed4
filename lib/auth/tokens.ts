import { randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import { hashToken, TOKEN_PREFIX } from "@/lib/auth/credential";
import type { ApiTokenView } from "@/lib/auth/schemas";
import type { Principal, Role } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { publish, subscribe } from "@/lib/pubsub";
import { readOrLastKnown } from "@/lib/resilience/last-known";
import { announceEdgeAccessChange } from "@/lib/edge/access-changes";
import { processSingleton } from "@/lib/process-singleton";

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
 * Only valid tokens are kept, so the map is bounded by the tokens that exist. An entry is trusted
 * for PRINCIPAL_CACHE_MS, then checked again; a revocation is announced to every instance, which
 * drops the token at once, and an instance that missed announcements (Redis away) re-checks every
 * token. While the database is unreachable an entry past its time is still the last known answer.
 */
const PRINCIPAL_CACHE_MS = 5_000;
export const TOKEN_REVOCATIONS_CHANNEL = "opsdeck:tokens:revoked";
interface RecentPrincipal {
  principal: Principal;
  expiresAt: number;
}
const recent = processSingleton("recentPrincipals", () => ({ byHash: new Map<string, RecentPrincipal>(), subscribed: false }));

function forgetTokenId(id: string): void {
  for (const [tokenHash, entry] of recent.byHash) if (entry.principal.id === id) recent.byHash.delete(tokenHash);
}

function listenForRevocations(): void {
  if (recent.subscribed) return;
  recent.subscribed = true;
  subscribe(TOKEN_REVOCATIONS_CHANNEL, {
    onMessage: forgetTokenId,
    onResync: () => {
      for (const entry of recent.byHash.values()) entry.expiresAt = 0;
    },
  });
}

export async function listApiTokens(): Promise<ApiTokenView[]> {
  const rows = await db().apiToken.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

export async function revokeApiToken(id: string, actor: Actor): Promise<ApiTokenView> {
  const view = await db().$transaction(async (tx) => {
    const existing = await tx.apiToken.findUnique({ where: { id } });
    if (!existing) throw new ApiError(404, "not_found", `No API token with id ${id}`);
    if (existing.revokedAt) return toView(existing);
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, {
      action: "token.revoke",
      target: { type: "api_token", id },
      before: toView(existing),
      after: toView(revoked),
    });
    return toView(revoked);
  });
  // After the commit: a request resolving the token meanwhile could otherwise cache it as valid again.
  forgetTokenId(view.id);
  await publish(TOKEN_REVOCATIONS_CHANNEL, view.id);
  await announceEdgeAccessChange();
  return view;
}

/** Resolves a bearer secret to its principal, or null when unknown or revoked. */
export async function principalForToken(token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  listenForRevocations();
  const tokenHash = hashToken(token);
  const cached = recent.byHash.get(tokenHash);
  if (cached && cached.expiresAt > Date.now()) return cached.principal;
  return readOrLastKnown(() => lookUpToken(tokenHash), () => cached?.principal);
}

async function lookUpToken(tokenHash: string): Promise<Principal | null> {
  const now = Date.now();
  const row = await db().apiToken.findUnique({ where: { tokenHash } });
  if (!row || row.revokedAt) {
    recent.byHash.delete(tokenHash);
    return null;
  }
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  const principal: Principal = { kind: "token", id: row.id, name: row.name, role: row.role };
  recent.byHash.set(tokenHash, { principal, expiresAt: now + PRINCIPAL_CACHE_MS });
  return principal;
}
