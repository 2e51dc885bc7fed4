"use client";

import { useQueryState } from "nuqs";
import { z } from "zod";
import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import { FormattedTime } from "@/components/ui/time-zone";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field, Select } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { lockoutSeries } from "@/lib/ratelimit/chart";
import { useThreats } from "@/lib/ratelimit/hooks";
import { THREAT_WINDOWS, type Threats, type ThreatWindow } from "@/lib/ratelimit/schemas";
import { parseAsSchema, URL_STATE_OPTIONS } from "@/lib/ui/url-state";

// Recharts loads after the page: the threats table is what an operator reads first.
const LockoutsChart = dynamic(() => import("@/components/ratelimit/lockouts-chart").then((module) => module.LockoutsChart), {
  ssr: false,
  loading: () => <Skeleton className="h-64 w-full" />,
});

const windowParser = parseAsSchema(z.enum(Object.keys(THREAT_WINDOWS) as [ThreatWindow, ...ThreatWindow[]])).withDefault("24h").withOptions(URL_STATE_OPTIONS);

export function ThreatsSection() {
  const [window, setWindow] = useQueryState("window", windowParser);
  const threats = useThreats(window);
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle>Threats</CardTitle>
          <CardDescription>Failed logins and lockouts reported by services, refreshed every 30 s.</CardDescription>
        </div>
        <div className="w-32">
          <Field id="threats-window" label="Window">
            <Select id="threats-window" value={window} onChange={(event) => void setWindow(event.target.value as ThreatWindow)}>
              {Object.keys(THREAT_WINDOWS).map((value) => (
                <option key={value} value={value}>
                  Last {value}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </CardHeader>
      <CardContent>
        {threats.isPending ? (
          <Skeleton className="h-64" aria-label="Loading threats" />
        ) : threats.isError ? (
          <ErrorState title="Could not load threats" message={threats.error.message} action={<Button variant="secondary" onClick={() => void threats.refetch()}>Retry</Button>} />
        ) : (
          <ThreatsView threats={threats.data} />
        )}
      </CardContent>
    </Card>
  );
}

function ThreatsView({ threats }: { threats: Threats }) {
  const { totals } = threats;
  const worstHour = Math.max(0, ...threats.lockoutsPerHour.map((h) => h.lockouts));
  return (
    <div className="flex flex-col gap-6">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        {[
          ["Failed logins", totals.failures],
          ["Lockouts", totals.lockouts],
          ["Emails targeted", totals.emails],
          ["Source IPs", totals.ips],
        ].map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {worstHour > threats.alertThresholdPerHour ? (
        <p role="status">
          <Badge tone="danger">Alert</Badge> <span className="text-sm">{worstHour} lockouts in one hour — above the alert line of {threats.alertThresholdPerHour}.</span>
        </p>
      ) : null}
      <LockoutsChart points={lockoutSeries(threats)} threshold={threats.alertThresholdPerHour} />
      {totals.failures === 0 ? (
        <EmptyState title="No failed logins in this window" description="Services report attempts to POST /api/ratelimit/login-attempts." />
      ) : (
        <div className="grid grid-cols-1 gap-6 2xl:grid-cols-3">
          <TopTable
            label="Top emails"
            keyHeader="Email"
            rows={threats.topEmails.map((r) => ({ key: r.email, failures: r.failures, lockouts: r.lockouts, extra: <FormattedTime iso={r.lastAttemptAt} /> }))}
            extraHeader="Last attempt"
          />
          <TopTable label="Top IPs" keyHeader="IP" rows={threats.topIps.map((r) => ({ key: r.ip, failures: r.failures, lockouts: r.lockouts, extra: r.emails }))} extraHeader="Emails" />
          <TopTable
            label="Top departments"
            keyHeader="Department"
            rows={threats.topDepartments.map((r) => ({ key: r.department, failures: r.failures, lockouts: r.lockouts, extra: r.emails }))}
            extraHeader="Emails"
          />
        </div>
      )}
    </div>
  );
}

function TopTable({ label, keyHeader, extraHeader, rows }: { label: string; keyHeader: string; extraHeader: string; rows: Array<{ key: string; failures: number; lockouts: number; extra: ReactNode }> }) {
  return (
    <div className="min-w-0">
      <h3 className="mb-2 text-sm font-semibold">{label}</h3>
      <div className="overflow-x-auto rounded-md border border-border">
        <Table label={label} cards>
          <TableHead>
            <TableRow>
              <TableHeaderCell>{keyHeader}</TableHeaderCell>
              <TableHeaderCell className="text-right">Failures</TableHeaderCell>
              <TableHeaderCell className="text-right">Lockouts</TableHeaderCell>
              <TableHeaderCell>{extraHeader}</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={4} className="text-muted">
                  None
                </TableCell>
              </TableRow>
            ) : (
              rows.map((row) => (
                <TableRow key={row.key}>
                  <TableCell label={keyHeader} className="font-mono text-xs whitespace-nowrap">{row.key}</TableCell>
                  <TableCell label="Failures" className="text-right tabular-nums">{row.failures}</TableCell>
                  <TableCell label="Lockouts" className="text-right tabular-nums">{row.lockouts}</TableCell>
                  <TableCell label={extraHeader} className="text-xs whitespace-nowrap">{row.extra}</TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
