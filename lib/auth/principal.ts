import type { Principal } from "@/lib/auth/roles";
import { principalForToken } from "@/lib/auth/tokens";

/**
 * The secret a machine caller sent: `Authorization: Bearer …` (our API, OTLP exporters),
 * `Authorization: Token …` (InfluxDB clients, Telegraf) or `X-API-Key` (OFREP providers).
 */
export function credentialFrom(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  const match = authorization?.match(/^(?:Bearer|Token)\s+(\S+)$/i);
  if (match?.[1]) return match[1];
  return headers.get("x-api-key")?.trim() || null;
}

/** Resolves the caller of a request: an API token now; a person's session once SSO is configured. */
export async function resolvePrincipal(req: Request): Promise<Principal | null> {
  const credential = credentialFrom(req.headers);
  if (credential) return principalForToken(credential);
  return null;
}
