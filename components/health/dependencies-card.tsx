import type { DependencyHealth, DepsResponse } from "@/lib/health/schemas";
import { DependencyStatusBadge } from "@/components/health/dependency-status-badge";
import { FormattedTime } from "@/components/ui/time-zone";
import type { Loaded } from "@/components/health/load-health";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/ui/cn";

export function DependenciesCard({ dependencies, checkedAt }: { dependencies: Loaded<DepsResponse>; checkedAt: string }) {
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle>Dependencies</CardTitle>
          <CardDescription>
            Checked at <FormattedTime iso={checkedAt} />, each through its circuit breaker (opens after 5 failures, one probe after 30 s).
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
        <div className="overflow-x-auto">
          <DependenciesTable report={dependencies.value} />
        </div>
      ) : (
        <CardContent>
          <ErrorState title="Could not check the dependencies" message={dependencies.message} />
        </CardContent>
      )}
    </Card>
  );
}

const breakerTone: Record<NonNullable<DependencyHealth["breaker"]>["state"], Tone> = { closed: "ok", "half-open": "warn", open: "danger" };

const historyColour: Record<DependencyHealth["status"], string> = {
  ok: "bg-emerald-500",
  degraded: "bg-amber-500",
  unavailable: "bg-red-500",
  not_configured: "bg-slate-400",
};

/** The latest checks as a strip of coloured ticks, oldest first; the text beside it carries the count. */
function History({ dependency }: { dependency: DependencyHealth }) {
  const failures = dependency.history.filter((check) => check.status !== "ok").length;
  if (dependency.history.length === 0) return <span className="text-muted">—</span>;
  return (
    <div className="flex flex-col gap-1">
      <div aria-hidden="true" className="flex h-4 items-end gap-px">
        {dependency.history.map((check, index) => (
          <span key={`${index}-${check.at}`} title={`${check.at} ${check.status}${check.latency_ms === null ? "" : ` ${check.latency_ms} ms`}`} className={cn("h-full w-1.5 rounded-sm", historyColour[check.status])} />
        ))}
      </div>
      <span className="text-xs text-muted">
        {dependency.history.length} checks, {failures} failed
      </span>
    </div>
  );
}

function DependenciesTable({ report }: { report: DepsResponse }) {
  const rows = Object.values(report.dependencies);
  return (
    <Table label="Dependencies" cards>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Dependency</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell className="text-right">Latency (ms)</TableHeaderCell>
          <TableHeaderCell>Circuit breaker</TableHeaderCell>
          <TableHeaderCell>Last error</TableHeaderCell>
          <TableHeaderCell>History</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((dependency) => (
          <TableRow key={dependency.name}>
            <TableCell label="Dependency" className="whitespace-nowrap">
              <div className="font-medium">{dependency.label}</div>
              <div className="font-mono text-xs text-muted">
                {dependency.name}
                {dependency.critical ? " · critical" : ""}
              </div>
            </TableCell>
            <TableCell label="Status">
              <DependencyStatusBadge status={dependency.status} />
              {dependency.status === "not_configured" || (dependency.message && dependency.status !== "ok") ? (
                <p className="mt-1 max-w-64 text-xs break-words text-muted">{dependency.message}</p>
              ) : null}
            </TableCell>
            <TableCell label="Latency (ms)" className="text-right tabular-nums">{dependency.latency_ms ?? "—"}</TableCell>
            <TableCell label="Circuit breaker" className="whitespace-nowrap">
              {dependency.breaker ? (
                <>
                  <Badge tone={breakerTone[dependency.breaker.state]}>{dependency.breaker.state}</Badge>
                  {dependency.breaker.consecutiveFailures > 0 ? <div className="mt-1 text-xs text-muted">{dependency.breaker.consecutiveFailures} failures in a row</div> : null}
                </>
              ) : (
                "—"
              )}
            </TableCell>
            <TableCell label="Last error" className="min-w-48 text-xs break-words">
              {dependency.lastError ? (
                <>
                  <div>{dependency.lastError.message}</div>
                  <div className="text-muted">
                    <FormattedTime iso={dependency.lastError.at} />
                  </div>
                </>
              ) : (
                <span className="text-muted">none</span>
              )}
            </TableCell>
            <TableCell label="History">
              <History dependency={dependency} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
