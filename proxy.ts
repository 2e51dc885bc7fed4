import { type NextRequest, NextResponse } from "next/server";
import { RETURN_TO_HEADER } from "@/lib/auth/return-to";
import { sessionFromHeaders } from "@/lib/auth/session";

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
  const returnTo = `${pathname}${search}`;
  const forwarded = new Headers(req.headers);
  forwarded.set(RETURN_TO_HEADER, returnTo);
  if (!PUBLIC_PAGES.has(pathname) && !(await sessionFromHeaders(req.headers))) {
    const signIn = new URL("/signin", req.url);
    signIn.searchParams.set("callbackUrl", returnTo);
    return NextResponse.redirect(signIn);
  }
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  // Pages only: the API (including OFREP and the OTLP receiver, which sit outside /api for their
  // clients' sake) answers 401 itself, and static files and Next's assets need no session.
  matcher: ["/((?!api/|ofrep/|v1/|_next/|.*\\.\\w+$).*)", "/api/docs"],
};
