"use client";

import Link from "next/link";
import { useState } from "react";
import { RunbookChecklist } from "@/components/runbooks/runbook-checklist";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { can } from "@/lib/api/access";
import type { Role } from "@/lib/auth/roles";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { useAttachRunbook, useToggleCheck } from "@/lib/incidents/hooks";
import type { IncidentAlert, IncidentDetail, RunbookRun } from "@/lib/incidents/schemas";
import type { Runbook, RunbookSummary, StepCheck } from "@/lib/runbooks/schemas";

const checksByStep = (run: RunbookRun): Record<string, StepCheck> =>
  Object.fromEntries(run.checks.map((check) => [check.stepId, { checked: check.checked, by: check.by, at: check.at, note: check.note }]));

/** The runs in the order to show them: the linked alert's own runbook first, the others as attached. */
export function runsForAlert(runs: RunbookRun[], alert: IncidentAlert | undefined): RunbookRun[] {
  const own = alert?.runbookSlug ? runs.find((run) => run.runbookSlug === alert.runbookSlug) : undefined;
  return own ? [own, ...runs.filter((run) => run !== own)] : runs;
}

export interface RunbookRunsProps {
  incident: IncidentDetail;
  runbooks: Record<string, Runbook>;
  library: RunbookSummary[];
  role: Role;
  person: string;
  /** The alert whose notification linked here: its runbook comes first and is marked. */
  linkedAlert?: IncidentAlert;
}

/** The incident's runbooks as checklists whose checks are the incident's (persisted, with who and when). */
export function RunbookRuns({ incident, runbooks, library, role, person, linkedAlert }: RunbookRunsProps) {
  const toggle = useToggleCheck(incident.id);
  const resolved = incident.status === "resolved";
  const canCheck = can(role, incidentEndpoints.toggleCheck).allowed && !resolved;
  const runs = runsForAlert(incident.runs, linkedAlert);
  const ownRun = linkedAlert?.runbookSlug ? runs.find((run) => run.runbookSlug === linkedAlert.runbookSlug) : undefined;
  return (
    <div className="flex flex-col gap-6">
      {linkedAlert ? (
        <p className="text-sm" data-testid="linked-alert">
          You came from the alert <span className="font-medium break-all">{linkedAlert.alertName}</span> ({linkedAlert.status}).{" "}
          {ownRun
            ? incident.runs.length > 1
              ? "Its runbook is first; the incident's other runbooks follow."
              : "This is its runbook."
            : linkedAlert.runbookSlug
              ? `Its runbook (${linkedAlert.runbookSlug}) is not attached to this incident.`
              : "It names no runbook in the repository; these are the incident's runbooks."}
        </p>
      ) : null}
      {resolved ? <p className="text-sm text-muted">This incident is resolved: its checklists are closed. Reopen it to change them.</p> : null}
      {incident.runs.length === 0 ? <EmptyState title="No runbook attached" description="Attach the runbook that fits; its steps become this incident's checklist." /> : null}
      {runs.map((run) => {
        const runbook = runbooks[run.runbookSlug];
        return (
          <section key={run.id} aria-labelledby={`run-${run.id}`} data-runbook={run.runbookSlug} className="flex flex-col gap-3">
            <h2 id={`run-${run.id}`} className="flex flex-wrap items-center gap-2 text-lg font-semibold">
              <Link href={`/runbooks/${run.runbookSlug}`} className="underline-offset-2 hover:underline">
                {run.runbookTitle ?? run.runbookSlug}
              </Link>
              {run === ownRun ? <Badge>Runbook of {linkedAlert?.alertName}</Badge> : null}
            </h2>
            <p className="text-xs text-muted">Attached by {run.attachedBy}</p>
            {runbook ? (
              <RunbookChecklist
                runbook={runbook}
                role={role}
                checks={checksByStep(run)}
                disabled={!canCheck}
                onToggle={(stepId, checked, note) => toggle.mutateAsync({ runId: run.id, stepId, checked, note, by: person }).then(() => undefined)}
              />
            ) : (
              <p className="text-sm text-muted">The runbook {run.runbookSlug} is no longer in the repository; its {run.checks.length} checks are kept.</p>
            )}
          </section>
        );
      })}
      {can(role, incidentEndpoints.attachRunbook).allowed && !resolved ? <AttachRunbook incidentId={incident.id} library={library.filter((runbook) => !incident.runs.some((run) => run.runbookSlug === runbook.slug))} /> : null}
    </div>
  );
}

function AttachRunbook({ incidentId, library }: { incidentId: number; library: RunbookSummary[] }) {
  const attach = useAttachRunbook(incidentId);
  const [slug, setSlug] = useState("");
  if (library.length === 0) return null;
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (slug) attach.mutate(slug, { onSuccess: () => setSlug("") });
      }}
    >
      <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm font-medium" htmlFor="attach-runbook">
        Attach a runbook
        <Select id="attach-runbook" value={slug} onChange={(event) => setSlug(event.target.value)}>
          <option value="">Choose…</option>
          {library.map((runbook) => (
            <option key={runbook.slug} value={runbook.slug}>
              {runbook.title}
            </option>
          ))}
        </Select>
      </label>
      <Button type="submit" variant="secondary" disabled={!slug || attach.isPending}>
        Attach
      </Button>
      {attach.error ? (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          {attach.error.message}
        </p>
      ) : null}
    </form>
  );
}
