import type { Metadata } from "next";
import { NeedsRole } from "@/components/auth/needs-role";
import { TokensManager } from "@/components/tokens/tokens-manager";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";
import { hasRole } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Tokens" };

export default async function TokensPage() {
  const person = await requirePerson();
  if (!hasRole(person.role, "admin")) return <NeedsRole title="Tokens" role="admin" actual={person.role} />;
  return (
    <>
      <PageHeader title="Tokens" description="API tokens for scripts and services. A token's secret is shown once, when it is created." />
      <TokensManager />
    </>
  );
}
