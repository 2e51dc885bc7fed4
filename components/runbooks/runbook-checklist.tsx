"use client";

import { useState, type ReactNode } from "react";
import { RunbookMarkdown } from "@/components/runbooks/markdown";
import { StepCommand } from "@/components/runbooks/step-command";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormattedTime } from "@/components/ui/time-zone";
import type { Role } from "@/lib/auth/roles";
import type { Runbook, RunbookStep, StepCheck } from "@/lib/runbooks/schemas";

export interface RunbookChecklistProps {
  runbook: Runbook;
  /** The viewer's role: mutating steps need their endpoint's role. */
  role: Role;
  /** Persisted checks by step id (an incident's run). Without them the list keeps its own state. */
  checks?: Record<string, StepCheck>;
  onToggle?: (stepId: string, checked: boolean, note?: string) => void | Promise<void>;
  /** Checkboxes and notes read-only (e.g. a resolved incident); commands still run. */
  disabled?: boolean;
  /** Without persisted checks: what to say about the ticks kept only on this page (and how to keep them). */
  unkept?: (ticks: Record<string, StepCheck>) => ReactNode;
}

/** Steps grouped under their section headings, in runbook order. */
export function groupBySection(steps: RunbookStep[]): { section: string; steps: RunbookStep[] }[] {
  const groups: { section: string; steps: RunbookStep[] }[] = [];
  for (const step of steps) {
    const last = groups[groups.length - 1];
    if (last && last.section === step.section) last.steps.push(step);
    else groups.push({ section: step.section, steps: [step] });
  }
  return groups;
}

const KIND_LABEL: Record<RunbookStep["kind"], string | null> = { api: "Opsdeck API", external: "Outside Opsdeck", manual: null };

/**
 * A runbook as a checklist. Each step is a real checkbox (Space toggles it), its command can be
 * copied, and a call to Opsdeck's API can be run in place. Inside an incident the checks come
 * from and go to the incident (who checked what, when); on the runbook page they live only here.
 */
export function RunbookChecklist({ runbook, role, checks, onToggle, disabled = false, unkept }: RunbookChecklistProps) {
  const [localChecks, setLocalChecks] = useState<Record<string, StepCheck>>({});
  const persisted = checks !== undefined && onToggle !== undefined;
  const current = persisted ? checks : localChecks;

  async function toggle(stepId: string, checked: boolean, note?: string) {
    if (persisted) {
      await onToggle(stepId, checked, note);
      return;
    }
    setLocalChecks((previous) => ({ ...previous, [stepId]: { checked, by: "you", at: new Date().toISOString(), note: note ?? previous[stepId]?.note ?? null } }));
  }

  const done = runbook.steps.filter((step) => current[step.id]?.checked).length;
  const total = runbook.steps.length;

  return (
    <section aria-label={`${runbook.title} checklist`} className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm" aria-live="polite">
          <span className="font-medium">{done}</span> of {total} steps done
        </p>
        <div className="h-1.5 overflow-hidden rounded-full bg-surface-muted" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label="Steps done">
          <div className="h-full bg-accent transition-[width]" style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
        </div>
      </div>
      {!persisted && unkept ? unkept(localChecks) : null}
      {groupBySection(runbook.steps).map((group) => (
        <div key={group.section} className="space-y-3">
          <h3 className="text-sm font-semibold">{group.section}</h3>
          <ol className="space-y-3">
            {group.steps.map((step) => (
              <ChecklistStep
                key={step.id}
                number={runbook.steps.indexOf(step) + 1}
                anchor={`step-${runbook.slug}-${step.id.replace(/[^a-z0-9-]/gi, "-")}`}
                step={step}
                role={role}
                check={current[step.id]}
                persisted={persisted}
                disabled={disabled}
                onToggle={toggle}
              />
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}

function ChecklistStep({
  number,
  anchor,
  step,
  role,
  check,
  persisted,
  disabled,
  onToggle,
}: {
  /** The runbook's own numbering (steps refer to each other by it: "run step 1 again"). */
  number: number;
  /** Element id, unique on a page showing several runbooks (an incident's), and a #link to the step. */
  anchor: string;
  step: RunbookStep;
  role: Role;
  check: StepCheck | undefined;
  /** Checks belong to an incident: show who and when, and allow a note. */
  persisted: boolean;
  disabled: boolean;
  onToggle: (stepId: string, checked: boolean, note?: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState(check?.note ?? "");
  const [error, setError] = useState<string | null>(null);
  const checked = check?.checked ?? false;
  const inputId = anchor;
  const kind = KIND_LABEL[step.kind];

  async function send(nextChecked: boolean, nextNote?: string) {
    setBusy(true);
    setError(null);
    try {
      await onToggle(step.id, nextChecked, nextNote);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "The check was not saved");
    } finally {
      setBusy(false);
    }
  }

  return (
    <li id={inputId} className="rounded-lg border border-border bg-surface p-3 sm:p-4" data-step-id={step.id} data-checked={checked}>
      <div className="flex items-start gap-3">
        <input
          id={`${inputId}-check`}
          type="checkbox"
          className="mt-1 size-5 shrink-0 accent-[var(--color-accent)]"
          checked={checked}
          disabled={disabled || busy}
          onChange={(event) => void send(event.target.checked)}
          aria-describedby={check?.checked && persisted ? `${inputId}-who` : undefined}
        />
        <div className="min-w-0 flex-1 space-y-2">
          <label htmlFor={`${inputId}-check`} className={checked ? "flex gap-2 text-muted line-through decoration-1" : "flex gap-2"}>
            <span className="shrink-0 font-mono text-sm text-muted" aria-hidden="true">
              {number}.
            </span>
            <RunbookMarkdown className="min-w-0 flex-1">{step.text}</RunbookMarkdown>
          </label>
          <div className="flex flex-wrap items-center gap-2">
            {kind ? <Badge tone={step.kind === "api" ? "ok" : "neutral"}>{kind}</Badge> : null}
            {step.api?.mutating ? <Badge tone="warn">Changes state · {step.api.minimumRole}</Badge> : null}
            {check?.checked && persisted ? (
              <span id={`${inputId}-who`} className="text-xs text-muted">
                Checked by {check.by} · <FormattedTime iso={check.at} />
              </span>
            ) : null}
          </div>
          {check?.note ? <p className="text-xs text-muted">Note: {check.note}</p> : null}
          {step.command ? <StepCommand step={step} role={role} /> : null}
          {persisted && !disabled ? (
            noteOpen ? (
              <form
                className="flex flex-wrap items-end gap-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  void send(true, note.trim() || undefined).then(() => setNoteOpen(false));
                }}
              >
                <label className="min-w-0 flex-1 text-xs" htmlFor={`${inputId}-note`}>
                  <span className="text-muted">Note (saved with the check)</span>
                  <input
                    id={`${inputId}-note`}
                    className="mt-1 block w-full rounded-md border border-border bg-surface px-2 py-1 text-sm"
                    value={note}
                    maxLength={2000}
                    onChange={(event) => setNote(event.target.value)}
                  />
                </label>
                <Button size="sm" type="submit" disabled={busy}>
                  Check with note
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setNoteOpen(false)}>
                  Cancel
                </Button>
              </form>
            ) : (
              <Button size="sm" variant="ghost" onClick={() => setNoteOpen(true)}>
                Add a note
              </Button>
            )
          ) : null}
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {error}
            </p>
          ) : null}
        </div>
      </div>
    </li>
  );
}
