"use client";

import Link from "next/link";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { formatDurationSeconds, percent, utc } from "@/components/alerts/format";
import { useSlos } from "@/lib/alerts/hooks";
import type { sloListSchema } from "@/lib/alerts/schemas";

const rate = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${value.toFixed(2)}×`);

export function SloTable({ initial }: { initial: z.infer<typeof sloListSchema> }) {
  const { data, error } = useSlos(initial);
  if (data.slos.length === 0) return <EmptyState title="No SLOs" description="Create one through the API or import OpenSLO YAML." />;
  return (
    <div className="flex flex-col gap-3">
      {error ? <ErrorState title="Could not refresh the SLOs" message={error.message} /> : null}
      <Table label="Service level objectives">
        <TableHead>
          <TableRow>
            <TableHeaderCell>SLO</TableHeaderCell>
            <TableHeaderCell>Objective</TableHeaderCell>
            <TableHeaderCell>Budget left</TableHeaderCell>
            <TableHeaderCell>Burn 1 h</TableHeaderCell>
            <TableHeaderCell>Burn 6 h</TableHeaderCell>
            <TableHeaderCell>Budget gone in</TableHeaderCell>
            <TableHeaderCell>Alerts</TableHeaderCell>
            <TableHeaderCell>Evaluated (UTC)</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.slos.map((slo) => (
            <TableRow key={slo.id}>
              <TableCell>
                <Link href={`/slos/${slo.id}`} className="font-medium text-accent hover:underline">
                  {slo.displayName ?? slo.name}
                </Link>
                <p className="text-xs text-muted">{slo.service}{slo.enabled ? "" : " · disabled"}{slo.health === "unknown" ? " · metrics unavailable" : ""}</p>
              </TableCell>
              <TableCell className="whitespace-nowrap">{slo.objective} % / {slo.window}</TableCell>
              <TableCell className="tabular-nums">{percent(slo.budgetRemaining)}</TableCell>
              <TableCell className="tabular-nums">{rate(slo.burnRates["1h"])}</TableCell>
              <TableCell className="tabular-nums">{rate(slo.burnRates["6h"])}</TableCell>
              <TableCell className="whitespace-nowrap">{formatDurationSeconds(slo.timeToExhaustionSeconds)}</TableCell>
              <TableCell>
                {slo.burnAlerts.filter((alert) => alert.state === "firing").map((alert) => (
                  <Badge key={alert.key} tone={alert.severity === "page" ? "danger" : "warn"} className="mr-1">
                    {alert.severity} {alert.key}
                  </Badge>
                ))}
              </TableCell>
              <TableCell className="whitespace-nowrap">{utc(slo.lastEvaluatedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
