import type { ReactNode } from "react";
import { DevLoginBanner } from "@/components/auth/dev-login-banner";
import { RoleProvider } from "@/components/auth/role-context";
import { UserMenu } from "@/components/auth/user-menu";
import { AppShell } from "@/components/shell/app-shell";
import { TraceIdSearch } from "@/components/traces/trace-id-search";
import { requirePerson } from "@/lib/auth/current-person";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Authorised here again: proxy.ts only redirects early for a nicer deep link.
  const person = await requirePerson();
  return (
    <RoleProvider role={person.role}>
    <AppShell role={person.role} banner={<DevLoginBanner />} headerActions={
        <>
          <TraceIdSearch />
          <UserMenu person={person} />
        </>
      }
    >
      {children}
    </AppShell>
    </RoleProvider>
  );
}
