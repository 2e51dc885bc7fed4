import { type NextRequest, NextResponse } from "next/server";
import { API_PATH, pathDecodes, undecodablePath } from "@/lib/api/unmatched";
import { RETURN_TO_HEADER } from "@/lib/auth/return-to";
import { sessionCookieClaims } from "@/lib/auth/session";

// Pages anyone may open: the sign-in page and the page that explains a refused sign-in.
const PUBLIC_PAGES = new Set(["/signin", "/no-access"]);

/**
 * Sends a signed-out person to sign-in with the exact path and query they asked for, so a link
 * from an alert survives the trip through the IdP. A convenience only: layouts, pages and the API
 * wrapper authorise again themselves.
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  // API paths: only the one check Next.js would otherwise fail with a bare text 500 (decoding the
  // path's parameters) before any route runs; the API wrapper authorises and answers 401 itself.
  if (API_PATH.test(pathname) && pathname !== "/api/docs") {
    return pathDecodes(pathname) ? NextResponse.next() : undecodablePath(req);
  }
  const returnTo = `${pathname}${search}`;
  const forwarded = new Headers(req.headers);
  forwarded.set(RETURN_TO_HEADER, returnTo);
  if (!PUBLIC_PAGES.has(pathname) && !(await sessionCookieClaims(req.headers))) {
    const signIn = new URL("/signin", req.url);
    signIn.searchParams.set("callbackUrl", returnTo);
    return NextResponse.redirect(signIn);
  }
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  // Pages, and API paths for their encoding check only: the API (including OFREP and the OTLP
  // receiver, which sit outside /api for their clients' sake) answers 401 itself, and static files
  // and Next's assets need no session.
  matcher: ["/((?!api/|ofrep/|v1/|_next/|.*\\.\\w+$).*)", "/api/:path*", "/ofrep/:path*", "/v1/:path*"],
};
