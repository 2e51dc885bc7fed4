import type { OIDCConfig } from "next-auth/providers";
import { groupsFromClaim, roleForGroups } from "@/lib/auth/role-map";
import type { Role } from "@/lib/auth/roles";
import type { Config } from "@/lib/config";

/** What Opsdeck takes from the IdP about a person at sign-in. `role` is null when no group maps to one. */
export interface IdpProfile {
  id: string;
  name: string;
  email: string | null;
  groups: string[];
  role: Role | null;
}

type Claims = Record<string, unknown>;

const discoveryCache = new Map<string, Promise<{ userinfo_endpoint?: string }>>();

function discovery(issuer: string) {
  let cached = discoveryCache.get(issuer);
  if (!cached) {
    cached = fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`).then((response) => {
      if (!response.ok) throw new Error(`OIDC discovery answered ${response.status}`);
      return response.json() as Promise<{ userinfo_endpoint?: string }>;
    });
    cached.catch(() => discoveryCache.delete(issuer));
    discoveryCache.set(issuer, cached);
  }
  return cached;
}

/**
 * The userinfo claims. Many IdPs (and oidc-provider's conformIdTokenClaims) leave groups out of
 * the ID token when they were requested through a scope, and only answer them here.
 */
async function fetchUserinfo(issuer: string, accessToken: string): Promise<Claims> {
  const endpoint = (await discovery(issuer)).userinfo_endpoint;
  if (!endpoint) return {};
  const response = await fetch(endpoint, { headers: { Authorization: `Bearer ${accessToken}` } });
  if (!response.ok) throw new Error(`OIDC userinfo answered ${response.status}`);
  return (await response.json()) as Claims;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

/** Profile + role from the ID token claims, completed from userinfo when the groups claim is missing. */
export async function idpProfile(config: Config, idTokenClaims: Claims, accessToken: string | undefined): Promise<IdpProfile> {
  const claim = config.OIDC_ROLES_CLAIM;
  let claims = idTokenClaims;
  if (groupsFromClaim(claims[claim]) === undefined && accessToken && config.OIDC_ISSUER) {
    claims = { ...(await fetchUserinfo(config.OIDC_ISSUER, accessToken)), ...idTokenClaims };
  }
  const groups = groupsFromClaim(claims[claim]) ?? [];
  const sub = String(claims.sub);
  return {
    id: sub,
    name: text(claims.name) ?? text(claims.preferred_username) ?? text(claims.email) ?? sub,
    email: text(claims.email) ?? null,
    groups,
    role: roleForGroups(groups, config.OIDC_ROLE_MAP),
  };
}

/** The configured OpenID Connect provider: authorization code flow with PKCE and state. */
export function oidcProvider(config: Config): OIDCConfig<Claims> {
  return {
    id: "oidc",
    name: "single sign-on",
    type: "oidc",
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    checks: ["pkce", "state"],
    authorization: { params: { scope: config.OIDC_SCOPES } },
    profile: (claims, tokens) => idpProfile(config, claims, tokens.access_token),
  };
}
