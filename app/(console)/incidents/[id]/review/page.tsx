import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FormattedTime } from "@/components/ui/time-zone";
import { SeverityBadge, StatusBadge } from "@/components/incidents/incident-badges";
import { IncidentTimeline } from "@/components/incidents/incident-timeline";
import { OnCallTargets } from "@/components/incidents/on-call-targets";
import { PrintButton } from "@/components/incidents/print-button";
import { RequestIdItem } from "@/components/incidents/request-ids-panel";
import { WindowCharts } from "@/components/incidents/window-charts";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePerson } from "@/lib/auth/current-person";
import { absoluteUrl, incidentPath, incidentReviewPath } from "@/lib/incidents/links";
import { loadIncidentPage } from "@/lib/incidents/page-data";
import { pageOrigin } from "@/lib/api/page-origin";
import { checklistCompletion, formatResponseTime, responseTimes } from "@/lib/incidents/review";
import { incidentIdParamsSchema } from "@/lib/incidents/schemas";
import { ELSEWHERE_KINDS } from "@/lib/incidents/timeline";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Review of incident #${(await params).id}` };
}

// Printing drops the console's chrome and keeps cards whole.
const PRINT_CSS = `@media print {
  header:has(#header-actions), aside:has(nav[aria-label="Main"]), [data-no-print] { display: none !important; }
  main { padding: 0 !important; }
  section, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}`;

/** The review of one incident: shareable by link (SSO-gated like every page), printable. */
export default async function IncidentReviewPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePerson();
  const parsed = incidentIdParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const origin = await pageOrigin();
  const loaded = await loadIncidentPage(parsed.data.id, origin);
  if (!loaded) notFound();
  const { incident, runbooks } = loaded;
  const times = responseTimes(incident);
  const completion = checklistCompletion(incident.runs);
  const changes = incident.timeline.filter((entry) => ELSEWHERE_KINDS.has(entry.kind));
  const changedFlags = [...new Set(changes.flatMap((entry) => (entry.flag ? [entry.flag] : [])))];
  const figure = (label: string, value: string) => (
    <div className="rounded-lg border border-border p-3">
      <dt className="text-xs text-muted uppercase">{label}</dt>
      <dd className="text-xl font-semibold">{value}</dd>
    </div>
  );

  return (
    <article className="flex min-w-0 flex-col gap-6">
      <style>{PRINT_CSS}</style>
      <header className="flex flex-col gap-2" data-review-header>
        <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
          <Link href={incidentPath(incident.id)} data-no-print>
            ← Incident #{incident.id}
          </Link>
          <StatusBadge status={incident.status} />
          <SeverityBadge severity={incident.severity} />
        </p>
        <h1 className="text-2xl font-semibold tracking-tight break-words">Review: {incident.title}</h1>
        <p className="text-sm text-muted">
          Started <FormattedTime iso={times.startedAt} /> · opened by {incident.createdBy} from {incident.source} · owner {incident.owner ?? "none"}
        </p>
        <p className="text-xs break-all text-muted">Share: {absoluteUrl(origin, incidentReviewPath(incident.id))}</p>
        <div data-no-print>
          <PrintButton />
        </div>
      </header>

      <section aria-labelledby="review-summary">
        <h2 id="review-summary" className="mb-2 text-lg font-semibold">
          Summary
        </h2>
        <p className="mb-3 text-sm break-words whitespace-pre-wrap">{incident.summary || "No summary written."}</p>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {figure("Time to acknowledge", formatResponseTime(times.toAcknowledge))}
          {figure("Time to mitigate", formatResponseTime(times.toMitigate))}
          {figure("Time to resolve", formatResponseTime(times.toResolve))}
          {figure("Checklist", completion.total ? `${completion.checked}/${completion.total} (${Math.round((completion.checked / completion.total) * 100)} %)` : "—")}
        </dl>
        <div className="mt-3">
          <OnCallTargets incident={incident} />
        </div>
      </section>

      <section aria-labelledby="review-request-ids">
        <h2 id="review-request-ids" className="mb-2 text-lg font-semibold">
          Request ids
        </h2>
        {incident.requestIds.length === 0 ? (
          <EmptyState title="No request id was recorded" />
        ) : (
          <ul className="flex flex-col gap-2" aria-label="Request ids">
            {incident.requestIds.map((item) => (
              <RequestIdItem key={item.requestId} item={item} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="review-checklists">
        <h2 id="review-checklists" className="mb-2 text-lg font-semibold">
          Checklists
        </h2>
        {incident.runs.length === 0 ? <EmptyState title="No runbook was attached" /> : null}
        {incident.runs.map((run) => {
          const checks = new Map(run.checks.map((check) => [check.stepId, check]));
          return (
            <Card key={run.id} className="mb-3">
              <CardHeader>
                <CardTitle>
                  {run.runbookTitle ?? run.runbookSlug}: {run.checkedCount} of {run.stepCount} steps
                </CardTitle>
              </CardHeader>
              <CardContent>
                <ol className="flex flex-col gap-1 text-sm">
                  {(runbooks[run.runbookSlug]?.steps ?? []).map((step) => {
                    const check = checks.get(step.id);
                    return (
                      <li key={step.id} className="flex flex-wrap gap-x-2">
                        <span aria-label={check?.checked ? "checked" : "not checked"}>{check?.checked ? "☑" : "☐"}</span>
                        <span className="min-w-0 flex-1 break-words">{step.text.replace(/[`*_]/g, "")}</span>
                        {check?.checked ? (
                          <span className="text-xs text-muted">
                            {check.by}, <FormattedTime iso={check.at} />
                            {check.note ? ` — ${check.note}` : ""}
                          </span>
                        ) : null}
                      </li>
                    );
                  })}
                </ol>
              </CardContent>
            </Card>
          );
        })}
      </section>

      <section aria-labelledby="review-timeline">
        <h2 id="review-timeline" className="mb-2 text-lg font-semibold">
          Timeline
        </h2>
        {/* The changes made elsewhere are in the one timeline below (filter "Changes elsewhere"), not listed a second time. */}
        <p className="mb-3 text-sm" data-testid="review-changes">
          {changes.length
            ? `${changes.length} change${changes.length === 1 ? "" : "s"} elsewhere in Opsdeck during the window${changedFlags.length ? ` (flags: ${changedFlags.join(", ")})` : ""}.`
            : "No changes elsewhere in Opsdeck were recorded in the window."}
        </p>
        <IncidentTimeline entries={incident.timeline} />
      </section>

      <section aria-labelledby="review-charts">
        <h2 id="review-charts" className="mb-2 text-lg font-semibold">
          The window&apos;s charts
        </h2>
        <p className="mb-3 text-sm text-muted">
          <FormattedTime iso={incident.window.from} /> to <FormattedTime iso={incident.window.to} /> ·{" "}
          <Link href={incident.links.metrics} className="underline underline-offset-2">
            open in Metrics
          </Link>{" "}
          ·{" "}
          <Link href={incident.links.traces} className="underline underline-offset-2">
            traces of the window
          </Link>
        </p>
        <WindowCharts from={incident.window.from} to={incident.window.to} />
      </section>
    </article>
  );
}
