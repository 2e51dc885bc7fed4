import type { Metadata } from "next";
import { NeedsRole } from "@/components/auth/needs-role";
import { TokensManager } from "@/components/tokens/tokens-manager";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";
import { can } from "@/lib/api/access";
import { tokenEndpoints } from "@/lib/auth/endpoints";

export const metadata: Metadata = { title: "Tokens" };

export default async function TokensPage() {
  const person = await requirePerson();
  const permission = can(person.role, tokenEndpoints.list);
  if (!permission.allowed) return <NeedsRole title="Tokens" permission={permission} actual={person.role} />;
  return (
    <>
      <PageHeader title="Tokens" description="API tokens for scripts and services. A token's secret is shown once, when it is created." />
      <TokensManager />
    </>
  );
}
