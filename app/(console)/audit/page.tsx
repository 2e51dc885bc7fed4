import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { NeedsRole } from "@/components/auth/needs-role";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEntries } from "@/lib/audit/query";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { requirePerson } from "@/lib/auth/current-person";
import { can } from "@/lib/api/access";
import { auditEndpoints } from "@/lib/audit/endpoints";

export const metadata: Metadata = { title: "Audit" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const person = await requirePerson();
  const permission = can(person.role, auditEndpoints.list);
  if (!permission.allowed) return <NeedsRole title="Audit" permission={permission} actual={person.role} />;
  const params = await searchParams;
  // Blank form fields arrive as empty strings; they mean "no filter".
  const filters = Object.fromEntries(Object.entries(params).filter(([, value]) => typeof value === "string" && value !== ""));
  const query = auditQuerySchema.safeParse(filters);
  return (
    <>
      <PageHeader title="Audit" description="Every change made in Opsdeck, newest first: who made it, what it changed, before and after." />
      <AuditFilters values={filters as Record<string, string>} />
      {query.success ? (
        <AuditTable page={await listAuditEntries(query.data)} filters={filters as Record<string, string>} />
      ) : (
        <ErrorState title="These filters are not valid" message={query.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n")} />
      )}
    </>
  );
}
