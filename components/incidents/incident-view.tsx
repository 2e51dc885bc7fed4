"use client";

import Link from "next/link";
import { useId, useRef, useState } from "react";
import { NotAllowedReason } from "@/components/auth/role-context";
import { FormattedTime } from "@/components/ui/time-zone";
import { AlertList } from "@/components/incidents/alert-list";
import { SeverityBadge, StatusBadge } from "@/components/incidents/incident-badges";
import { IncidentTimeline } from "@/components/incidents/incident-timeline";
import { NotesPanel } from "@/components/incidents/notes-panel";
import { RequestIdsPanel } from "@/components/incidents/request-ids-panel";
import { OnCallTargets } from "@/components/incidents/on-call-targets";
import { RunbookRuns } from "@/components/incidents/runbook-runs";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/field";
import { can } from "@/lib/api/access";
import type { Role } from "@/lib/auth/roles";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { useIncident, useUpdateIncident } from "@/lib/incidents/hooks";
import { INCIDENT_TABS, incidentPath, type IncidentTab } from "@/lib/incidents/links";
import { type IncidentDetail, type IncidentStatus, type Severity, SEVERITIES, type UpdateIncident } from "@/lib/incidents/schemas";
import type { Runbook, RunbookSummary } from "@/lib/runbooks/schemas";

const TAB_LABELS: Record<IncidentTab, string> = { overview: "Overview", alerts: "Alerts", runbook: "Runbook", timeline: "Timeline", notes: "Notes" };

/** The moves an operator can make from each status. */
const STATUS_ACTIONS: Record<IncidentStatus, { to: IncidentStatus; label: string }[]> = {
  open: [
    { to: "mitigated", label: "Mark mitigated" },
    { to: "resolved", label: "Resolve" },
  ],
  mitigated: [
    { to: "resolved", label: "Resolve" },
    { to: "open", label: "Reopen" },
  ],
  resolved: [{ to: "open", label: "Reopen" }],
};

export interface IncidentViewProps {
  initial: IncidentDetail;
  tab: IncidentTab;
  role: Role;
  person: string;
  /** The runbooks of the incident's runs, by slug (read on the server from the repository). */
  runbooks: Record<string, Runbook>;
  /** Every runbook, for "attach a runbook". */
  library: RunbookSummary[];
  /** The fingerprint of the alert whose notification linked here: that alert is marked, its runbook comes first. */
  fromAlert?: string;
}

export function IncidentView({ initial, tab, role, person, runbooks, library, fromAlert }: IncidentViewProps) {
  const { data: incident, isFetching, error } = useIncident(initial);
  const update = useUpdateIncident(incident.id);
  const permission = can(role, incidentEndpoints.update);
  const reasonId = useId();
  const describedBy = permission.allowed ? undefined : reasonId;
  const disabled = update.isPending || !permission.allowed;
  const [copied, setCopied] = useState(false);
  const [resolving, setResolving] = useState(false);
  const actions = useRef<HTMLDivElement>(null);
  const open = unchecked(incident, runbooks);
  const linkedAlert = incident.alerts.find((alert) => alert.fingerprint === fromAlert);
  /** After a change the pressed button may be gone: focus goes to the row of actions, not to the page. */
  const change = (patch: UpdateIncident) =>
    update.mutate(patch, { onSettled: () => actions.current?.querySelector<HTMLElement>("button:not([disabled]), select:not([disabled])")?.focus() });

  return (
    <div className="flex min-w-0 flex-col gap-4">
      <header className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2 text-sm text-muted">
          <Link href="/incidents">Incidents</Link>
          <span aria-hidden="true">/</span>
          <span>#{incident.id}</span>
          <StatusBadge status={incident.status} />
          <SeverityBadge severity={incident.severity} />
          {isFetching ? <span className="text-xs">refreshing…</span> : null}
        </div>
        <h1 className="text-2xl font-semibold tracking-tight break-words">{incident.title}</h1>
        <p className="text-sm text-muted">
          Opened <FormattedTime iso={incident.createdAt} /> by {incident.createdBy}; owner {incident.owner ?? "nobody yet"}.{" "}
          {incident.alertsResolvedAt ? (
            <>
              All alerts resolved <FormattedTime iso={incident.alertsResolvedAt} />.
            </>
          ) : incident.alertsFiring > 0 ? (
            `${incident.alertsFiring} alert${incident.alertsFiring === 1 ? "" : "s"} firing.`
          ) : null}
        </p>
        {error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Could not refresh: {error.message}. Showing what was last loaded.
          </p>
        ) : null}
        <div ref={actions} className="flex flex-wrap items-center gap-2">
          {!incident.acknowledgedAt ? (
            <Button variant="secondary" disabled={disabled} aria-describedby={describedBy} onClick={() => change({ acknowledge: true, owner: incident.owner ?? person })}>
              Acknowledge
            </Button>
          ) : null}
          {STATUS_ACTIONS[incident.status].map((action) => (
            <Button
              key={action.to}
              variant={action.to === "resolved" ? "primary" : "secondary"}
              disabled={disabled}
              aria-describedby={describedBy}
              aria-haspopup={action.to === "resolved" ? "dialog" : undefined}
              onClick={() => (action.to === "resolved" ? setResolving(true) : change({ status: action.to, version: incident.version }))}
            >
              {action.label}
            </Button>
          ))}
          {incident.owner !== person ? (
            <Button variant="secondary" disabled={disabled} aria-describedby={describedBy} onClick={() => change({ owner: person })}>
              Take ownership
            </Button>
          ) : null}
          <label className="inline-flex items-center gap-2 text-sm">
            Severity
            <Select
              className="w-auto"
              value={incident.severity}
              disabled={disabled}
              aria-describedby={describedBy}
              onChange={(event) => change({ severity: event.target.value as Severity })}
            >
              {SEVERITIES.map((severity) => (
                <option key={severity}>{severity}</option>
              ))}
            </Select>
          </label>
          <NotAllowedReason permission={permission} id={reasonId} />
          <Link href={incident.links.review} className="inline-flex h-10 items-center rounded-md px-3 text-sm underline underline-offset-2">
            Review
          </Link>
          <Button
            variant="ghost"
            onClick={() => {
              void navigator.clipboard?.writeText(incident.url).then(() => setCopied(true));
            }}
          >
            {copied ? "Link copied" : "Copy link"}
          </Button>
        </div>
        <ConfirmDialog
          open={resolving}
          title={`Resolve #${incident.id}?`}
          confirmLabel={open.length ? `Resolve with ${open.length} step${open.length === 1 ? "" : "s"} unchecked` : "Resolve"}
          onCancel={() => setResolving(false)}
          onConfirm={() => {
            setResolving(false);
            change({ status: "resolved", version: incident.version });
          }}
        >
          <p>
            {incident.alertsFiring > 0 ? `${incident.alertsFiring} alert${incident.alertsFiring === 1 ? " is" : "s are"} still firing. ` : "No alert is firing. "}
            Resolving closes the checklists.
          </p>
          {open.length ? (
            <>
              <p className="mt-2 font-medium">Not checked ({open.length}):</p>
              <ul className="mt-1 max-h-48 list-disc overflow-y-auto pl-5">
                {open.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="mt-2">Every checklist step is checked.</p>
          )}
        </ConfirmDialog>
        {update.error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {update.error.message}
          </p>
        ) : null}
      </header>

      <nav aria-label="Incident sections" className="-mx-1 overflow-x-auto">
        <ul className="flex gap-1 border-b border-border px-1">
          {INCIDENT_TABS.map((name) => (
            <li key={name}>
              <Link
                href={incidentPath(incident.id, name, linkedAlert?.fingerprint)}
                aria-current={name === tab ? "page" : undefined}
                scroll={false}
                className={`inline-block border-b-2 px-3 py-2 text-sm whitespace-nowrap ${name === tab ? "border-foreground font-medium" : "border-transparent text-muted hover:text-foreground"}`}
              >
                {TAB_LABELS[name]}
                {name === "alerts" ? ` (${incident.alerts.length})` : name === "notes" ? ` (${incident.notes.length})` : ""}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {tab === "overview" ? <Overview incident={incident} role={role} /> : null}
      {tab === "alerts" ? <AlertList alerts={incident.alerts} linked={linkedAlert?.fingerprint} /> : null}
      {tab === "runbook" ? <RunbookRuns incident={incident} runbooks={runbooks} library={library} role={role} person={person} linkedAlert={linkedAlert} /> : null}
      {tab === "timeline" ? <IncidentTimeline entries={incident.timeline} /> : null}
      {tab === "notes" ? <NotesPanel incident={incident} role={role} /> : null}
    </div>
  );
}

/** The checklist steps nobody has checked yet, as "Runbook: step". */
function unchecked(incident: IncidentDetail, runbooks: Record<string, Runbook>): string[] {
  return incident.runs.flatMap((run) => {
    const done = new Set(run.checks.filter((check) => check.checked).map((check) => check.stepId));
    const steps = runbooks[run.runbookSlug]?.steps ?? [];
    if (steps.length === 0) return run.checkedCount < run.stepCount ? [`${run.runbookTitle ?? run.runbookSlug}: ${run.stepCount - run.checkedCount} step(s)`] : [];
    return steps.filter((step) => !done.has(step.id)).map((step) => `${run.runbookTitle ?? run.runbookSlug}: ${step.text.replace(/[*_`]/g, "")}`);
  });
}

function Overview({ incident, role }: { incident: IncidentDetail; role: Role }) {
  const checked = incident.runs.reduce((sum, run) => sum + run.checkedCount, 0);
  const steps = incident.runs.reduce((sum, run) => sum + run.stepCount, 0);
  const milestone = (label: string, iso: string | null) => (
    <div>
      <dt className="text-xs text-muted uppercase">{label}</dt>
      <dd className="text-sm">{iso ? <FormattedTime iso={iso} /> : "—"}</dd>
    </div>
  );
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Summary</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <p className="text-sm break-words whitespace-pre-wrap">{incident.summary || "No summary yet."}</p>
          <dl className="grid grid-cols-2 gap-3">
            {milestone("Opened", incident.createdAt)}
            {milestone("Acknowledged", incident.acknowledgedAt)}
            {milestone("Mitigated", incident.mitigatedAt)}
            {milestone("Resolved", incident.resolvedAt)}
          </dl>
          <OnCallTargets incident={incident} />
          <p className="text-sm">
            Checklist: {checked} of {steps} steps checked{incident.runs.length ? "" : " (no runbook attached)"}.
          </p>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>The incident window</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-2 text-sm">
          <p>
            <FormattedTime iso={incident.window.from} /> to <FormattedTime iso={incident.window.to} />
          </p>
          <ul className="flex flex-col gap-1">
            <li>
              <Link href={incident.links.metrics} className="underline underline-offset-2">
                Metric charts of the window
              </Link>
            </li>
            <li>
              <Link href={incident.links.traces} className="underline underline-offset-2">
                Traces of the window
              </Link>
            </li>
            <li>
              <Link href={incident.links.review} className="underline underline-offset-2">
                Review page
              </Link>
            </li>
          </ul>
          <p className="text-xs break-all text-muted">
            Canonical link: <span data-testid="incident-url">{incident.url}</span>
          </p>
        </CardContent>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>Request ids</CardTitle>
        </CardHeader>
        <CardContent>
          <RequestIdsPanel incident={incident} role={role} />
        </CardContent>
      </Card>
    </div>
  );
}
