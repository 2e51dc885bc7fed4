import NextAuth, { type NextAuthConfig, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { servedOverHttps } from "@/lib/api/security-headers";
import { type IdpProfile, oidcProvider } from "@/lib/auth/oidc";
import { safeReturnPath } from "@/lib/auth/return-path";
import { roleSchema } from "@/lib/auth/roles";
import { authSecret } from "@/lib/auth/secret";
import type { SessionClaims } from "@/lib/auth/session";
import { endSession, startSession } from "@/lib/auth/sessions";
import { devLoginEnabled, getConfig } from "@/lib/config";
import { serveInRequestContext } from "@/lib/observability/tracing";
import { recordSignIn } from "@/lib/people/service";

export const DEV_PROVIDER_ID = "dev";
export const OIDC_PROVIDER_ID = "oidc";

export const devSignInSchema = z.object({
  name: z.string().trim().min(1, "enter a name").max(60),
  role: roleSchema,
});

/** Auth.js hands our profile back as its `User`; the extra fields ride along. */
type SignedInUser = User & Partial<IdpProfile>;

/** Where a person whose groups map to no role is sent: a page that says so, with their groups. */
export function noAccessPath(user: SignedInUser): string {
  const query = new URLSearchParams({ groups: (user.groups ?? []).join(" ") });
  if (user.email) query.set("email", user.email);
  return `/no-access?${query}`;
}

function authConfig(): NextAuthConfig {
  const config = getConfig();
  const providers: NextAuthConfig["providers"] = [];
  if (config.OIDC_ISSUER) providers.push(oidcProvider(config));
  if (devLoginEnabled(config)) {
    providers.push(
      Credentials({
        id: DEV_PROVIDER_ID,
        name: "Development sign-in",
        credentials: { name: { label: "Name" }, role: { label: "Role" } },
        authorize: (input): SignedInUser | null => {
          const parsed = devSignInSchema.safeParse(input);
          if (!parsed.success) return null;
          return { id: parsed.data.name, name: parsed.data.name, email: null, groups: [], role: parsed.data.role };
        },
      }),
    );
  }
  return {
    providers,
    secret: authSecret(),
    trustHost: config.AUTH_TRUST_HOST,
    // Session cookies are HttpOnly and SameSite=Lax (Auth.js's defaults), and Secure (`__Secure-`)
    // whenever the public URL is https, even behind a proxy that speaks plain HTTP to Opsdeck.
    ...(config.AUTH_URL ? { useSecureCookies: servedOverHttps(config.AUTH_URL) } : {}),
    session: { strategy: "jwt", maxAge: config.SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    // Signing out ends the session on the server as well: the cookie is refused even if it was copied.
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endSession(sid);
      },
    },
    callbacks: {
      signIn: ({ user }) => ((user as SignedInUser).role ? true : noAccessPath(user as SignedInUser)),
      async jwt({ token, user, account }) {
        if (!account || !user) return token;
        const signedIn = user as SignedInUser;
        const provider = account.provider === DEV_PROVIDER_ID ? "dev" : "oidc";
        const person = await recordSignIn({
          provider,
          subject: provider === "dev" ? String(signedIn.name) : account.providerAccountId,
          email: signedIn.email ?? null,
          name: signedIn.name ?? account.providerAccountId,
          role: roleSchema.parse(signedIn.role),
          groups: signedIn.groups ?? [],
        });
        const sid = await startSession(person.id);
        const claims: SessionClaims = { sub: person.id, sid, name: person.name, email: person.email, role: person.role, provider };
        return { ...claims };
      },
      // Every redirect Auth.js makes (after sign-in or sign-out) goes through the same normalisation.
      redirect: ({ url, baseUrl }) => `${baseUrl}${safeReturnPath(url, baseUrl)}`,
    },
  };
}

// Lazy: the configuration is read per request, never while `next build` imports this module.
const nextAuth = NextAuth(() => authConfig());
export const { auth, signIn, signOut } = nextAuth;

/** Auth.js's routes, each in a request context: its calls to the IdP carry the request's X-Request-ID and traceparent. */
export const handlers = {
  GET: (req: NextRequest) => serveInRequestContext(req, "/api/auth/[...nextauth]", () => nextAuth.handlers.GET(req)),
  POST: (req: NextRequest) => serveInRequestContext(req, "/api/auth/[...nextauth]", () => nextAuth.handlers.POST(req)),
};
