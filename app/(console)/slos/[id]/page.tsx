import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDurationSeconds, percent, utc } from "@/components/alerts/format";
import { SloActions } from "@/components/alerts/record-actions";
import { BudgetChart, BurnRateChart } from "@/components/alerts/slo-chart";
import { SloEditor } from "@/components/alerts/slo-editor";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/api/errors";
import { idParamsSchema } from "@/lib/alerts/schemas";
import { getSloDetail } from "@/lib/alerts/slo-detail";
import { requirePerson } from "@/lib/auth/current-person";

export const metadata: Metadata = { title: "SLO" };
export const dynamic = "force-dynamic";

export default async function SloPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePerson();
  const parsed = idParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const detail = await getSloDetail(parsed.data.id).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    if (error instanceof ApiError) return error;
    throw error;
  });
  if (detail instanceof ApiError) return <ErrorState title="The SLO's data could not be read" message={detail.message} />;
  return (
    <>
      <PageHeader
        title={detail.displayName ?? detail.name}
        description={`${detail.objective} % over a rolling ${detail.window} for ${detail.service}. ${detail.description}`}
        actions={
          <>
            <SloActions slo={detail} />
            <Link className="text-sm text-accent underline" href="/slos">All SLOs</Link>
          </>
        }
      />
      {(await searchParams).edit === "1" ? <SloEditor key={detail.version} slo={detail} /> : null}
      <dl className="mb-6 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <div><dt className="text-muted">Budget left</dt><dd className="text-lg font-medium tabular-nums">{percent(detail.budgetRemaining)}</dd></div>
        <div><dt className="text-muted">Gone in (at the 1 h rate)</dt><dd className="text-lg font-medium">{formatDurationSeconds(detail.timeToExhaustionSeconds)}</dd></div>
        <div><dt className="text-muted">Error ratio</dt><dd className="text-lg font-medium tabular-nums">{percent(detail.errorRatio)}</dd></div>
        <div><dt className="text-muted">Evaluated</dt><dd>{utc(detail.lastEvaluatedAt)}</dd></div>
      </dl>
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Budget burn-down ({utc(detail.range.from)} – {utc(detail.range.to)})</CardTitle>
        </CardHeader>
        <CardContent>
          <BudgetChart detail={detail} />
          <ul className="mt-3 flex flex-col gap-1 text-sm" aria-label="Incidents, flag changes and maintenance in the window">
            {detail.annotations.map((annotation) => (
              <li key={`${annotation.kind}-${annotation.at}-${annotation.label}`}>
                <Badge tone={annotation.kind === "incident" ? "danger" : "neutral"}>{annotation.kind}</Badge> {utc(new Date(annotation.at).toISOString())}{" "}
                {annotation.href ? <Link className="text-accent underline" href={annotation.href}>{annotation.label}</Link> : annotation.label}
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Burn rates</CardTitle>
        </CardHeader>
        <CardContent>
          <BurnRateChart detail={detail} />
          <ul className="mt-3 grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
            {detail.burnAlerts.map((alert) => (
              <li key={alert.key} className="rounded-md border border-border p-3">
                <p className="font-medium">
                  {alert.severity}: {alert.factor}× over {alert.longWindow} and {alert.shortWindow}{" "}
                  <Badge tone={alert.state === "firing" ? "danger" : "ok"}>{alert.state}</Badge>
                </p>
                <p className="text-muted tabular-nums">
                  now {alert.longBurnRate?.toFixed(2) ?? "—"}× / {alert.shortBurnRate?.toFixed(2) ?? "—"}×
                </p>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </>
  );
}
