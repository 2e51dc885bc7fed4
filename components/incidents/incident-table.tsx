import Link from "next/link";
import { FormattedTime } from "@/components/ui/time-zone";
import { SeverityBadge, StatusBadge } from "@/components/incidents/incident-badges";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { incidentPath } from "@/lib/incidents/links";
import type { IncidentList } from "@/lib/incidents/schemas";

export function IncidentTable({ list, filters }: { list: IncidentList; filters: Record<string, string> }) {
  if (list.incidents.length === 0) {
    return <EmptyState title="No incidents" description="None match these filters. Alerts sent to the webhooks open incidents here, or open one by hand." />;
  }
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pageHref = (page: number) => `/incidents?${new URLSearchParams({ ...filters, page: String(page) })}`;
  return (
    <>
      <Table label="Incidents">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Incident</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Severity</TableHeaderCell>
            <TableHeaderCell>Alerts firing</TableHeaderCell>
            <TableHeaderCell>Owner</TableHeaderCell>
            <TableHeaderCell>Opened</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {list.incidents.map((incident) => (
            <TableRow key={incident.id}>
              <TableCell className="min-w-48">
                <Link href={incidentPath(incident.id)} className="font-medium underline-offset-2 hover:underline">
                  #{incident.id} {incident.title}
                </Link>
                <div className="text-xs text-muted">from {incident.source}</div>
              </TableCell>
              <TableCell>
                <StatusBadge status={incident.status} />
              </TableCell>
              <TableCell>
                <SeverityBadge severity={incident.severity} />
              </TableCell>
              <TableCell>{incident.alertsFiring}</TableCell>
              <TableCell>{incident.owner ?? "—"}</TableCell>
              <TableCell className="whitespace-nowrap">
                <FormattedTime iso={incident.createdAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
        <span className="text-muted">
          {list.total} incident{list.total === 1 ? "" : "s"}, page {list.page} of {pages}
        </span>
        <span className="flex gap-3">
          {list.page > 1 ? <Link href={pageHref(list.page - 1)}>Newer</Link> : null}
          {list.page < pages ? <Link href={pageHref(list.page + 1)}>Older</Link> : null}
        </span>
      </nav>
    </>
  );
}
