import Link from "next/link";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { RuleActions } from "@/components/alerts/record-actions";
import { formatThreshold, formatValue, STATE_TONE, utc } from "@/components/alerts/format";
import type { ruleDetailSchema } from "@/lib/alerts/schemas";

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .filter(([name]) => !["alertname", "severity"].includes(name))
    .map(([name, value]) => `${name}=${value}`)
    .join(", ") || "—";

/** One rule: its alerts and the history of their transitions (`/alerts?rule=<id>`). */
export function RuleDetail({ rule }: { rule: z.infer<typeof ruleDetailSchema> }) {
  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle>
          {rule.name} <Badge tone={STATE_TONE[rule.state]}>{rule.state}</Badge>
        </CardTitle>
        <p className="text-sm text-muted">
          {rule.annotations.summary} — value {formatThreshold(rule)} for {rule.for}
          {rule.keepFiringFor !== "0s" ? `, kept firing ${rule.keepFiringFor}` : ""}. {rule.description}
          {rule.annotations.runbook ? (
            <>
              {" "}
              Runbook: <Link className="text-accent underline" href={`/runbooks/${rule.annotations.runbook}`}>{rule.annotations.runbook}</Link>.
            </>
          ) : null}{" "}
          <Link className="text-accent underline" href="/alerts">
            All rules
          </Link>
        </p>
        <RuleActions rule={rule} />
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {rule.alerts.length ? (
          <Table label={`Alerts of ${rule.name}`}>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Series</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Value</TableHeaderCell>
                <TableHeaderCell>Active since</TableHeaderCell>
                <TableHeaderCell>Fired</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rule.alerts.map((alert) => (
                <TableRow key={alert.fingerprint}>
                  <TableCell className="font-mono text-xs">{labelText(alert.labels)}</TableCell>
                  <TableCell>
                    <Badge tone={alert.state === "firing" ? "danger" : alert.state === "pending" ? "warn" : "ok"}>{alert.state}</Badge>
                    {alert.silenced ? <Badge className="ml-1">silenced</Badge> : null}
                  </TableCell>
                  <TableCell className="tabular-nums">{formatValue(alert.value, rule.query)}</TableCell>
                  <TableCell className="whitespace-nowrap">{utc(alert.activeAt)}</TableCell>
                  <TableCell className="whitespace-nowrap">{utc(alert.firedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <EmptyState title="No alerts" description="Every series is within its threshold." />
        )}
        <h3 className="font-medium">Transitions</h3>
        {rule.transitions.length ? (
          <Table label={`Transitions of ${rule.name}`}>
            <TableHead>
              <TableRow>
                <TableHeaderCell>When (UTC)</TableHeaderCell>
                <TableHeaderCell>Series</TableHeaderCell>
                <TableHeaderCell>Change</TableHeaderCell>
                <TableHeaderCell>Value</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rule.transitions.map((transition) => (
                <TableRow key={transition.id}>
                  <TableCell className="whitespace-nowrap">{utc(transition.at)}</TableCell>
                  <TableCell className="font-mono text-xs">{labelText(transition.labels)}</TableCell>
                  <TableCell>
                    {transition.from} → {transition.to}
                  </TableCell>
                  <TableCell className="tabular-nums">{formatValue(transition.value, rule.query)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <EmptyState title="No transitions yet" />
        )}
      </CardContent>
    </Card>
  );
}
