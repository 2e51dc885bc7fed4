import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isDatabaseUnavailable } from "@/lib/api/errors";
import { safeReturnPath } from "@/lib/auth/return-path";
import { RETURN_TO_HEADER } from "@/lib/auth/return-to";
import type { SessionClaims } from "@/lib/auth/session";
import { sessionFromHeaders } from "@/lib/auth/sessions";
import { touchPerson } from "@/lib/people/service";

/** The sign-in page, asked to come back to `returnTo` afterwards. */
export const signInPath = (returnTo: string): string => `/signin?${new URLSearchParams({ callbackUrl: safeReturnPath(returnTo) })}`;

/** The signed-in person of the current page request, or null. */
export async function currentPerson(): Promise<SessionClaims | null> {
  const session = await sessionFromHeaders(await headers());
  // "Last seen" is a convenience; while the database is away the page still renders.
  if (session) await touchPerson(session.sub).catch((error: unknown) => {
    if (!isDatabaseUnavailable(error)) throw error;
  });
  return session;
}

/**
 * The signed-in person, or a redirect to sign-in. proxy.ts redirects first, but it is only a
 * convenience: every layout and page that shows or loads data calls this itself.
 */
export async function requirePerson(): Promise<SessionClaims> {
  const person = await currentPerson();
  if (!person) redirect(signInPath((await headers()).get(RETURN_TO_HEADER) ?? "/"));
  return person;
}
