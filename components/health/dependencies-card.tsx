import type { DepsResponse } from "@/lib/health/schemas";
import { DependencyStatusBadge } from "@/components/health/dependency-status-badge";
import { FormattedTime } from "@/components/health/formatted-time";
import type { Loaded } from "@/components/health/load-health";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";

export function DependenciesCard({ dependencies, checkedAt }: { dependencies: Loaded<DepsResponse>; checkedAt: string }) {
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle>Dependencies</CardTitle>
          <CardDescription>
            Checked at <FormattedTime iso={checkedAt} />
          </CardDescription>
        </div>
        {dependencies.ok ? (
          <div className="flex items-center gap-2 text-sm">
            <span className="text-muted">Overall</span>
            <DependencyStatusBadge status={dependencies.value.status} />
          </div>
        ) : null}
      </CardHeader>
      {dependencies.ok ? (
        // No CardContent padding: the table's own cell padding lines it up with the header.
        <DependenciesTable report={dependencies.value} />
      ) : (
        <CardContent>
          <ErrorState title="Could not check the dependencies" message={dependencies.message} />
        </CardContent>
      )}
    </Card>
  );
}

function DependenciesTable({ report }: { report: DepsResponse }) {
  const rows = Object.values(report.dependencies);
  if (rows.length === 0) {
    return <EmptyState className="m-4" title="No dependencies configured" />;
  }
  return (
    <Table label="Dependencies">
      <TableHead>
        <TableRow>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell className="text-right">Latency (ms)</TableHeaderCell>
          <TableHeaderCell>Message</TableHeaderCell>
          <TableHeaderCell>Critical</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((dependency) => (
          <TableRow key={dependency.name}>
            <TableCell className="font-mono whitespace-nowrap">{dependency.name}</TableCell>
            <TableCell>
              <DependencyStatusBadge status={dependency.status} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{dependency.latency_ms ?? "—"}</TableCell>
            <TableCell className="min-w-48 break-words text-muted">{dependency.message ?? "—"}</TableCell>
            <TableCell>{dependency.critical ? "Yes" : "No"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
