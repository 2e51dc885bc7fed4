import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunbookView } from "@/components/runbooks/runbook-view";
import { requirePerson } from "@/lib/auth/current-person";
import { getRunbook } from "@/lib/runbooks";
import { RUNBOOK_SLUG_PATTERN } from "@/lib/runbooks/schemas";

function find(slug: string) {
  return RUNBOOK_SLUG_PATTERN.test(slug) ? getRunbook(slug) : null;
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: find((await params).slug)?.title ?? "Runbook not found" };
}

export default async function RunbookPage({ params }: { params: Promise<{ slug: string }> }) {
  const person = await requirePerson();
  const runbook = find((await params).slug);
  if (!runbook) notFound();
  return <RunbookView runbook={runbook} role={person.role} />;
}
