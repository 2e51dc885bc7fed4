import type { Metadata } from "next";
import { CreateIncidentForm } from "@/components/incidents/create-incident-form";
import { IncidentFilters } from "@/components/incidents/incident-filters";
import { IncidentTable } from "@/components/incidents/incident-table";
import { navItem } from "@/components/shell/nav-items";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";
import { can } from "@/lib/api/access";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { pageOrigin } from "@/lib/api/page-origin";
import { incidentListQuerySchema } from "@/lib/incidents/schemas";
import { listIncidents } from "@/lib/incidents/reads";
import { listRunbooks } from "@/lib/runbooks";

const area = navItem("/incidents");

export const metadata: Metadata = { title: area.label };

type SearchParams = Record<string, string | string[] | undefined>;

// The filter form's datetime-local fields send "2026-11-23T12:00": read them as UTC, as labelled.
const asUtc = (value: string) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(value) ? `${value.length === 16 ? `${value}:00` : value}Z` : value);

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const person = await requirePerson();
  // Blank form fields arrive as empty strings; they mean "no filter".
  const filters = Object.fromEntries(Object.entries(await searchParams).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
  const query = incidentListQuerySchema.safeParse({ ...filters, from: filters.from && asUtc(filters.from), to: filters.to && asUtc(filters.to) });
  return (
    <>
      <PageHeader title="Incidents" description="Opened by alerts (Alertmanager, Grafana) or by hand; each with its alerts, runbook checklists, notes and timeline." />
      {/* On a phone the list comes first: during an incident people look before they open one. */}
      <div className="flex flex-col gap-6">
      {can(person.role, incidentEndpoints.create).allowed ? (
        <Card className="order-2 md:order-1">
          <CardHeader>
            <CardTitle>Open an incident</CardTitle>
          </CardHeader>
          <CardContent>
            <CreateIncidentForm runbooks={listRunbooks()} />
          </CardContent>
        </Card>
      ) : null}
      <div className="order-1 md:order-2">
        <IncidentFilters values={filters} />
        {query.success ? (
          <IncidentTable list={await listIncidents(query.data, await pageOrigin())} filters={filters} />
        ) : (
          <ErrorState title="These filters are not valid" message={query.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n")} />
        )}
      </div>
      </div>
    </>
  );
}
