import { credentialFrom } from "@/lib/auth/credential";
import type { Principal } from "@/lib/auth/roles";
import { principalFromSession } from "@/lib/auth/session";
import { sessionFromHeaders } from "@/lib/auth/sessions";
import { principalForToken } from "@/lib/auth/tokens";
import { touchPerson } from "@/lib/people/service";

/**
 * Resolves the caller of a request: an API token when one is sent (a wrong token is not rescued
 * by a cookie), otherwise a person's session cookie. Pages and API routes both come through here.
 */
export async function resolvePrincipal(req: Request): Promise<Principal | null> {
  return principalFromHeaders(req.headers);
}

export async function principalFromHeaders(headers: Headers): Promise<Principal | null> {
  const credential = credentialFrom(headers.get("authorization"), headers.get("x-api-key"));
  if (credential) return principalForToken(credential);
  const session = await sessionFromHeaders(headers);
  if (!session) return null;
  await touchPerson(session.sub);
  return principalFromSession(session);
}
