"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { FormattedTime } from "@/components/ui/time-zone";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { guardChart } from "@/lib/rollouts/chart";
import { useFlagPlans, usePlanEvaluations, usePlanTransition, useStartPlan, useTemplates } from "@/lib/rollouts/hooks";
import { ACTIVE_STATUSES, GUARD_METRICS, type Plan } from "@/lib/rollouts/schemas";

const GuardPlot = dynamic(() => import("@/components/rollouts/guard-plot").then((module) => module.GuardPlot), {
  ssr: false,
  loading: () => <Skeleton className="h-80 w-full" />,
});

const STATUS_TEXT: Record<Plan["status"], string> = {
  scheduled: "Scheduled",
  running: "Running",
  paused: "Paused",
  completed: "Completed",
  rolled_back: "Rolled back",
  aborted: "Aborted",
};

/** The flag page's release plan: the active one (or the last), its stages, verdict, guards and actions. */
export function RolloutPanel({ flagName }: { flagName: string }) {
  const plans = useFlagPlans(flagName);
  return (
    <Card aria-labelledby="rollout-plan-title">
      <CardHeader>
        <div>
          <CardTitle id="rollout-plan-title">Guarded rollout</CardTitle>
          <CardDescription>Stages advance by themselves while the flag&apos;s own users do no worse than the others; a failing guard rolls back.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {plans.isPending ? (
          <div role="status">
            <span className="sr-only">Loading the rollout plan…</span>
            <Skeleton className="h-24 w-full" />
          </div>
        ) : plans.isError ? (
          <ErrorState message={plans.error.message} action={<Button size="sm" variant="secondary" onClick={() => void plans.refetch()}>Retry</Button>} />
        ) : (
          <PlanOrStart flagName={flagName} plans={plans.data} />
        )}
      </CardContent>
    </Card>
  );
}

function PlanOrStart({ flagName, plans }: { flagName: string; plans: Plan[] }) {
  const active = plans.find((plan) => ACTIVE_STATUSES.includes(plan.status));
  const last = active ?? plans[0];
  return (
    <div className="grid gap-4">
      {last ? <PlanView plan={last} /> : <EmptyState title="No release plan yet" description="Start one to roll this flag out in stages, guarded by its users' errors and latency." />}
      {active ? null : <StartPlan flagName={flagName} />}
    </div>
  );
}

function StageTimeline({ plan }: { plan: Plan }) {
  return (
    <ol className="flex flex-wrap gap-2" aria-label="Stages">
      {plan.stages.map((stage, index) => {
        const state = index < plan.currentStage || plan.status === "completed" ? "done" : index === plan.currentStage ? "current" : "next";
        return (
          <li
            key={index}
            aria-current={state === "current" ? "step" : undefined}
            className={`rounded-md border px-3 py-2 text-sm ${state === "current" ? "border-accent bg-accent-soft font-medium" : state === "done" ? "border-border text-muted line-through decoration-1" : "border-dashed border-border"}`}
          >
            <span className="block">{stage.percentage === 0 ? "Target users only" : `${stage.percentage} %`}</span>
            <span className="block text-xs text-muted">
              ≥ {stage.minDwellMinutes >= 60 ? `${stage.minDwellMinutes / 60} h` : `${stage.minDwellMinutes} min`}
              {stage.percentage > 0 && stage.percentage < 100 ? `, ${stage.minSamplePerArm} per arm` : ""}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const verdict = plan.lastVerdict;
  const tone = plan.status === "rolled_back" || verdict?.action === "hold" ? "text-red-700 dark:text-red-300" : "";
  return (
    <section aria-label={`Plan #${plan.id}`} className="grid gap-3" data-testid="rollout-plan">
      <p className="text-sm">
        <span className="font-medium">Plan #{plan.id}</span> · {STATUS_TEXT[plan.status]} · service {plan.service} · template {plan.template ?? "custom"}
        {plan.incidentId ? (
          <>
            {" "}
            · <Link className="underline underline-offset-2" href={`/incidents/${plan.incidentId}`}>incident #{plan.incidentId}</Link>
          </>
        ) : null}
      </p>
      <StageTimeline plan={plan} />
      <p className="text-sm text-muted">
        {plan.status === "scheduled" ? (
          <>Starts at <FormattedTime iso={plan.startAt} />.</>
        ) : plan.status === "running" && plan.nextStepDueAt ? (
          <>Next step due at <FormattedTime iso={plan.nextStepDueAt} /> at the earliest.</>
        ) : null}{" "}
        {plan.lastEvaluatedAt ? <>Last evaluated <FormattedTime iso={plan.lastEvaluatedAt} />.</> : null}
      </p>
      <p role="status" data-testid="rollout-verdict" className={`rounded-md border border-border bg-surface-muted px-3 py-2 text-sm ${tone}`}>
        {plan.status === "running" || !plan.statusReason ? (verdict?.summary ?? "Not evaluated yet.") : plan.statusReason}
      </p>
      <PlanActions plan={plan} />
      {plan.stages.some((stage) => stage.percentage > 0 && stage.percentage < 100) ? <GuardCharts plan={plan} /> : null}
    </section>
  );
}

type Verb = "pause" | "resume" | "abort";
const VERB_TEXT: Record<Verb, { label: string; confirm: string }> = {
  pause: { label: "Pause", confirm: "Pause the plan? The flag stays where it is until you resume." },
  resume: { label: "Resume", confirm: "Resume the plan? The current stage's dwell and sample start again." },
  abort: { label: "Abort", confirm: "Abort the plan for good? The flag stays where it is." },
};

function PlanActions({ plan }: { plan: Plan }) {
  const [pending, setPending] = useState<Verb | null>(null);
  const transition = usePlanTransition(plan);
  const verbs: Verb[] = plan.status === "paused" ? ["resume", "abort"] : plan.status === "running" || plan.status === "scheduled" ? ["pause", "abort"] : [];
  if (verbs.length === 0) return null;
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        {verbs.map((verb) => (
          <Button key={verb} size="sm" variant={verb === "abort" ? "danger" : "secondary"} onClick={() => setPending(verb)} disabled={transition.isPending}>
            {VERB_TEXT[verb].label}
          </Button>
        ))}
      </div>
      {pending ? (
        <div role="alertdialog" aria-labelledby="confirm-plan" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p id="confirm-plan" className="font-medium">{VERB_TEXT[pending].confirm}</p>
          <div className="mt-2 flex gap-2">
            <Button size="sm" autoFocus onClick={() => transition.mutate(pending, { onSettled: () => setPending(null) })}>
              Confirm {VERB_TEXT[pending].label.toLowerCase()}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setPending(null)}>Cancel</Button>
          </div>
        </div>
      ) : null}
      {transition.isError ? <ErrorState title="Not changed" message={transition.error.message} /> : null}
    </div>
  );
}

function GuardCharts({ plan }: { plan: Plan }) {
  const evaluations = usePlanEvaluations(plan.id);
  if (evaluations.isPending) return <Skeleton className="h-80 w-full" />;
  if (evaluations.isError) return <ErrorState message={evaluations.error.message} />;
  return (
    <div className="grid gap-4">
      {plan.guards.map((guard, index) => {
        const chart = guardChart(evaluations.data, guard, index);
        const latest = plan.lastVerdict?.guards.find((result) => result.index === index);
        return (
          <figure key={index} className="grid gap-1">
            <figcaption className="text-sm">
              <span className="font-medium">{GUARD_METRICS[guard.metric].label}</span> → {guard.action}
              {latest ? <span className="block text-muted">{latest.summary}</span> : null}
            </figcaption>
            {chart.rows.length ? <GuardPlot chart={chart} id={`${plan.id}-${index}`} /> : <p className="text-sm text-muted">No comparison yet: the chart starts at the first stage with both arms.</p>}
          </figure>
        );
      })}
    </div>
  );
}

function StartPlan({ flagName }: { flagName: string }) {
  const templates = useTemplates();
  const start = useStartPlan(flagName);
  const [template, setTemplate] = useState("seed-000");
  const [service, setService] = useState("");
  const [confirming, setConfirming] = useState(false);
  const chosen = templates.data?.find((candidate) => candidate.name === template);
  return (
    <form
      className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        setConfirming(true);
      }}
    >
      <label className="grid gap-1 text-sm">
        Template
        <select className="h-10 rounded-md border border-border bg-surface px-2" value={template} onChange={(event) => setTemplate(event.target.value)}>
          {(templates.data ?? [{ name: "seed-000" }]).map((candidate) => (
            <option key={candidate.name} value={candidate.name}>{candidate.name}</option>
          ))}
        </select>
      </label>
      <label className="grid gap-1 text-sm">
        Service
        <input required className="h-10 rounded-md border border-border bg-surface px-2" value={service} onChange={(event) => setService(event.target.value)} placeholder="checkout" />
      </label>
      <Button type="submit" disabled={start.isPending}>Start plan</Button>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="confirm-start" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 sm:col-span-3 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p id="confirm-start" className="font-medium">
            Start {template} on {flagName}? It enables the flag at {chosen?.stages[0]?.percentage ?? 0} % and advances by itself; manual percentage changes are refused while it runs.
          </p>
          <div className="mt-2 flex gap-2">
            <Button size="sm" autoFocus type="button" onClick={() => start.mutate({ template, service }, { onSettled: () => setConfirming(false) })}>Confirm start</Button>
            <Button size="sm" variant="ghost" type="button" onClick={() => setConfirming(false)}>Cancel</Button>
          </div>
        </div>
      ) : null}
      {start.isError ? <ErrorState className="sm:col-span-3" title="Not started" message={start.error.message} /> : null}
    </form>
  );
}
