"use client";

import { useState } from "react";
import { formatValue } from "@/components/metrics/format";
import { RunbookLink } from "@/components/runbooks/runbook-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import type { ErrorSummary } from "@/lib/metrics/schemas";
import { targets } from "@/lib/metrics/targets";
import { type SortKey, sortErrorRows } from "@/lib/metrics/view-state";
import { cn } from "@/lib/ui/cn";

const COLUMNS: Array<{ key: SortKey; label: string; numeric: boolean }> = [
  { key: "endpoint", label: "Endpoint", numeric: false },
  { key: "errorCount", label: "Errors", numeric: true },
  { key: "requests", label: "Requests", numeric: true },
  { key: "errorRate", label: "Error rate", numeric: true },
];

/** Errors per endpoint over the selected range, sortable by any column; rates above 1 % stand out. */
export function ErrorTable({ data, isLoading, error }: { data: ErrorSummary | undefined; isLoading: boolean; error: Error | null }) {
  const [sort, setSort] = useState<{ key: SortKey; direction: "asc" | "desc" }>({ key: "errorRate", direction: "desc" });
  let body: React.ReactNode;
  if (error && !data) body = <ErrorState title="Could not load errors per endpoint" message={error.message} />;
  else if (isLoading && !data) body = <Skeleton className="h-32 w-full" aria-label="Loading errors per endpoint" />;
  else if (!data || data.errors.length === 0) body = <EmptyState title="No errors in this range" description="Services report errors with recordError (api_error points)." />;
  else
    body = (
      <Table label="Errors per endpoint" cards>
        <TableHead>
          <TableRow>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <TableHeaderCell key={column.key} aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"} className={cn(column.numeric && "text-right")}>
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 uppercase hover:text-foreground"
                    onClick={() => setSort({ key: column.key, direction: active && sort.direction === "desc" ? "asc" : "desc" })}
                  >
                    {column.label}
                    <span aria-hidden="true">{active ? (sort.direction === "asc" ? "▲" : "▼") : "↕"}</span>
                  </button>
                </TableHeaderCell>
              );
            })}
            <TableHeaderCell>Top errors</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sortErrorRows(data.errors, sort.key, sort.direction).map((row) => {
            const high = row.errorRate !== null && row.errorRate > targets.errorRate.max;
            return (
              <TableRow key={row.endpoint}>
                <TableCell label="Endpoint" className="font-mono text-xs break-all">{row.endpoint || "(none)"}</TableCell>
                <TableCell label="Errors" className="text-right tabular-nums">{row.errorCount}</TableCell>
                <TableCell label="Requests" className="text-right tabular-nums">{row.requests}</TableCell>
                <TableCell label="Error rate" className={cn("text-right tabular-nums", high && "font-semibold text-red-600 dark:text-red-400")}>
                  {row.errorRate === null ? "—" : formatValue(row.errorRate * 100, "percent")}
                  {high ? <span className="sr-only"> (above the 1 % target)</span> : null}
                </TableCell>
                <TableCell label="Top errors" className="text-xs">
                  <ul>
                    {row.topErrors.map((top) => (
                      <li key={top.type}>
                        <span className="font-medium">{top.type}</span> ×{top.count}
                        {top.message ? <span className="text-muted"> — {top.message}</span> : null}
                      </li>
                    ))}
                  </ul>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    );
  return (
    <Card aria-labelledby="errors-title">
      <CardHeader>
        <div className="min-w-0">
          <CardTitle id="errors-title">Error rate per endpoint</CardTitle>
          <CardDescription>Errors over requests in the selected range; target below 1 %. Click a heading to sort.</CardDescription>
        </div>
        <RunbookLink slug="vector-search-errors" />
      </CardHeader>
      <CardContent className="px-0 sm:px-0">{body}</CardContent>
    </Card>
  );
}
