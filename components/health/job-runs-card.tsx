import type { Loaded } from "@/components/health/load-health";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { FormattedTime } from "@/components/ui/time-zone";
import type { JobSummary } from "@/lib/jobs/schemas";

const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ") || "—";

/** Opsdeck's own periodic jobs: each one's latest run and its last 24 hours (GET /api/admin/jobs/runs). */
export function JobRunsCard({ jobs }: { jobs: Loaded<JobSummary[]> }) {
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle>Background jobs</CardTitle>
          <CardDescription>Opsdeck&apos;s own periodic jobs: the latest run of each and its last 24 hours (history in GET /api/admin/jobs/runs).</CardDescription>
        </div>
      </CardHeader>
      {!jobs.ok ? (
        <CardContent>
          <ErrorState title="Could not read the job history" message={jobs.message} />
        </CardContent>
      ) : jobs.value.length === 0 ? (
        <CardContent>
          <EmptyState title="No job has run yet" description="Retention, compaction and the evaluators record a run here each time they work." />
        </CardContent>
      ) : (
        <Table label="Background jobs" cards>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Job</TableHeaderCell>
              <TableHeaderCell>Last run</TableHeaderCell>
              <TableHeaderCell>Outcome</TableHeaderCell>
              <TableHeaderCell className="text-right">Duration (ms)</TableHeaderCell>
              <TableHeaderCell>Counts</TableHeaderCell>
              <TableHeaderCell className="text-right">Runs / failed (24 h)</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {jobs.value.map((summary) => (
              <TableRow key={summary.job}>
                <TableCell label="Job" className="font-mono text-xs">{summary.job}</TableCell>
                <TableCell label="Last run">
                  <FormattedTime iso={summary.lastRun.startedAt} />
                </TableCell>
                <TableCell label="Outcome">
                  <Badge tone={summary.lastRun.outcome === "ok" ? "ok" : "danger"}>{summary.lastRun.outcome}</Badge>
                  {summary.lastRun.error ? <p className="mt-1 text-xs text-muted">{summary.lastRun.error}</p> : null}
                </TableCell>
                <TableCell label="Duration (ms)" className="text-right tabular-nums">{summary.lastRun.durationMs}</TableCell>
                <TableCell label="Counts" className="text-xs break-words">{countsText(summary.lastRun.counts)}</TableCell>
                <TableCell label="Runs / failed (24 h)" className="text-right tabular-nums">
                  {summary.runs24h} / {summary.failures24h}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
