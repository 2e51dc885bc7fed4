import type { Metadata } from "next";
import { Suspense } from "react";
import { RunbookList } from "@/components/runbooks/runbook-list";
import { RunbookSearch } from "@/components/runbooks/runbook-search";
import { navItem } from "@/components/shell/nav-items";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";
import { searchRunbooks } from "@/lib/runbooks";
import { runbookSearchQuerySchema } from "@/lib/runbooks/schemas";

const area = navItem("/runbooks");

export const metadata: Metadata = { title: area.label };

export default async function RunbooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePerson();
  const raw = (await searchParams).q;
  const parsed = runbookSearchQuerySchema.safeParse({ q: Array.isArray(raw) ? raw[0] : raw });
  const query = parsed.success ? (parsed.data.q ?? "") : "";
  return (
    <>
      <PageHeader
        title={area.label}
        description="What to do when a symptom shows: each runbook is a checklist whose Opsdeck calls run in place. They are Markdown files in the repository, reviewed like code."
      />
      <Suspense>
        <RunbookSearch initialQuery={query} />
      </Suspense>
      <RunbookList runbooks={searchRunbooks(query)} query={query} />
    </>
  );
}
