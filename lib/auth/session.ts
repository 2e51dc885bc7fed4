import { getToken } from "next-auth/jwt";
import { z } from "zod";
import { type Principal, roleSchema } from "@/lib/auth/roles";
import { authSecret } from "@/lib/auth/secret";

/** Auth.js's cookie names; the `__Secure-` one is used when Opsdeck is served over HTTPS. */
export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

/**
 * What Opsdeck keeps in a session (an encrypted JWT in the cookie). `sid` names the server-side
 * session record (lib/auth/sessions.ts); a cookie without one is from before sessions ended on
 * sign-out and is refused.
 */
export const sessionClaimsSchema = z.object({
  sub: z.string().uuid(),
  sid: z.string().uuid(),
  name: z.string(),
  email: z.string().nullish(),
  role: roleSchema,
  provider: z.enum(["oidc", "dev"]),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

/**
 * The session a request's cookie carries, decrypted but not checked against the server: for
 * proxy.ts's early redirect only. It is null when there is none, it is tampered with, or it has
 * expired (the JWT's `exp`, set from SESSION_MAX_AGE_SECONDS, is checked on decryption).
 */
export async function sessionCookieClaims(headers: Headers): Promise<SessionClaims | null> {
  if (!headers.get("cookie")?.includes(SESSION_COOKIE)) return null;
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req: { headers }, secret: authSecret(), secureCookie }).catch(() => null);
    const claims = sessionClaimsSchema.safeParse(token);
    if (claims.success) return claims.data;
  }
  return null;
}

export const principalFromSession = (claims: SessionClaims): Principal => ({
  kind: "session",
  id: claims.sub,
  name: claims.name,
  role: claims.role,
});

