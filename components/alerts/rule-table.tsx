"use client";

import Link from "next/link";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { ErrorState } from "@/components/ui/error-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { formatThreshold, formatValue, STATE_TONE, utc } from "@/components/alerts/format";
import { useRules } from "@/lib/alerts/hooks";
import type { ruleListSchema } from "@/lib/alerts/schemas";

/** Every rule with its state, refreshed while the page is open. */
export function RuleTable({ initial }: { initial: z.infer<typeof ruleListSchema> }) {
  const { data, error } = useRules(initial);
  return (
    <div className="flex flex-col gap-3">
      {error ? <ErrorState title="Could not refresh the rules" message={error.message} /> : null}
      <p className="text-sm text-muted">Evaluated every {data.evaluationIntervalSeconds} s. Times in UTC.</p>
      <Table label="Alert rules">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Rule</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            <TableHeaderCell>Value</TableHeaderCell>
            <TableHeaderCell>Threshold</TableHeaderCell>
            <TableHeaderCell>For</TableHeaderCell>
            <TableHeaderCell>Pending since</TableHeaderCell>
            <TableHeaderCell>Last evaluation</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.rules.map((rule) => (
            <TableRow key={rule.id} data-testid={`rule-${rule.name}`}>
              <TableCell>
                <Link href={`/alerts?rule=${rule.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
                  {rule.name}
                </Link>
                <p className="text-xs text-muted">{rule.labels.severity}{rule.description ? ` · ${rule.description}` : ""}</p>
              </TableCell>
              <TableCell>
                <Badge tone={STATE_TONE[rule.state]}>{rule.state}</Badge>
                {rule.alerts.some((alert) => alert.silenced) ? <Badge className="ml-1">silenced</Badge> : null}
                {rule.lastError ? <p className="mt-1 text-xs text-muted">{rule.lastError}</p> : null}
              </TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{formatValue(rule.currentValue, rule.query)}</TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{formatThreshold(rule)}</TableCell>
              <TableCell>{rule.for}</TableCell>
              <TableCell className="whitespace-nowrap">{utc(rule.pendingSince)}</TableCell>
              <TableCell className="whitespace-nowrap">{utc(rule.lastEvaluatedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
