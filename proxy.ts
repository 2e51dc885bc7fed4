import { type NextRequest, NextResponse } from "next/server";
import { API_PATH, pathDecodes, undecodablePath } from "@/lib/api/unmatched";
import { commonSecurityHeaders, NONCE_HEADER, PAGES_NEEDING_EVAL, pageContentSecurityPolicy, servedOverHttps } from "@/lib/api/security-headers";
import { RETURN_TO_HEADER } from "@/lib/auth/return-to";
import { sessionCookieClaims } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";

function secured(response: NextResponse, policy: string): NextResponse {
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(commonSecurityHeaders({ https: servedOverHttps(getConfig().AUTH_URL) }))) response.headers.set(name, value);
  return response;
}

// Pages anyone may open: the sign-in page and the page that explains a refused sign-in.
const PUBLIC_PAGES = new Set(["/signin", "/no-access"]);
// Seed 003's probe paths, rewritten to /api/health* by next.config.ts: probes never sign in.
const PROBE_PATHS = new Set(["/health", "/health/live", "/health/ready"]);

/**
 * Sends a signed-out person to sign-in with the exact path and query they asked for, so a link
 * from an alert survives the trip through the IdP. A convenience only: layouts, pages and the API
 * wrapper authorise again themselves.
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (PROBE_PATHS.has(pathname)) return NextResponse.next();
  // API paths: only the one check Next.js would otherwise fail with a bare text 500 (decoding the
  // path's parameters) before any route runs; the API wrapper authorises and answers 401 itself.
  if (API_PATH.test(pathname) && pathname !== "/api/docs") {
    return pathDecodes(pathname) ? NextResponse.next() : undecodablePath(req);
  }
  const returnTo = `${pathname}${search}`;
  // A fresh nonce per response; Next.js reads the policy from the request and nonces its scripts.
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", evaluates: PAGES_NEEDING_EVAL.has(pathname) });
  const forwarded = new Headers(req.headers);
  forwarded.set(RETURN_TO_HEADER, returnTo);
  forwarded.set(NONCE_HEADER, nonce);
  forwarded.set("Content-Security-Policy", policy);
  if (!PUBLIC_PAGES.has(pathname) && !(await sessionCookieClaims(req.headers))) {
    const signIn = new URL("/signin", req.url);
    signIn.searchParams.set("callbackUrl", returnTo);
    return secured(NextResponse.redirect(signIn), policy);
  }
  return secured(NextResponse.next({ request: { headers: forwarded } }), policy);
}

export const config = {
  // Pages, and API paths for their encoding check only: the API (including OFREP and the OTLP
  // receiver, which sit outside /api for their clients' sake) answers 401 itself, and static files
  // and Next's assets need no session.
  matcher: ["/((?!api/|ofrep/|v1/|_next/|.*\\.\\w+$).*)", "/api/:path*", "/ofrep/:path*", "/v1/:path*"],
};
