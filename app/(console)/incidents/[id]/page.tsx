import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { IncidentView } from "@/components/incidents/incident-view";
import { requirePerson } from "@/lib/auth/current-person";
import { parseAlertParam, parseTab } from "@/lib/incidents/links";
import { pageOrigin } from "@/lib/api/page-origin";
import { incidentIdParamsSchema } from "@/lib/incidents/schemas";
import { loadIncidentPage } from "@/lib/incidents/page-data";
import { listRunbooks } from "@/lib/runbooks";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Incident #${(await params).id}` };
}

export default async function IncidentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const parsed = incidentIdParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const loaded = await loadIncidentPage(parsed.data.id, await pageOrigin());
  if (!loaded) notFound();
  const search = await searchParams;
  return (
    <IncidentView
      initial={loaded.incident}
      runbooks={loaded.runbooks}
      library={listRunbooks()}
      tab={parseTab(search.tab)}
      fromAlert={parseAlertParam(search.alert)}
      role={person.role}
      person={person.name}
    />
  );
}
