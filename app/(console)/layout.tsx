import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { DevLoginBanner } from "@/components/auth/dev-login-banner";
import { RoleProvider } from "@/components/auth/role-context";
import { UserMenu } from "@/components/auth/user-menu";
import { AppShell } from "@/components/shell/app-shell";
import { DatabaseUnavailable } from "@/components/shell/database-unavailable";
import { TraceIdSearch } from "@/components/traces/trace-id-search";
import { PublicOriginProvider } from "@/components/ui/public-origin";
import { TimeZoneProvider, TimeZoneToggle } from "@/components/ui/time-zone";
import { isDatabaseUnavailable } from "@/lib/api/errors";
import { pageOrigin } from "@/lib/api/page-origin";
import { requirePerson } from "@/lib/auth/current-person";
import { TIME_ZONE_COOKIE, timeZoneOrUtc } from "@/lib/ui/date-time";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Authorised here again: proxy.ts only redirects early for a nicer deep link.
  const person = await requirePerson().catch((error: unknown) => {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  });
  // The session cannot be checked without the database: say so (and keep the URL) instead of a 500.
  if (!person) return <DatabaseUnavailable />;
  const zone = timeZoneOrUtc((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  return (
    <RoleProvider role={person.role}>
    <TimeZoneProvider zone={zone}>
    <PublicOriginProvider origin={await pageOrigin()}>
    <AppShell role={person.role} banner={<DevLoginBanner />} headerActions={
        <>
          <TraceIdSearch />
          <TimeZoneToggle />
          <UserMenu person={person} />
        </>
      }
    >
      {children}
    </AppShell>
    </PublicOriginProvider>
    </TimeZoneProvider>
    </RoleProvider>
  );
}
