"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { bucketLabel, unitScale } from "@/components/metrics/format";
import { FormattedTime } from "@/components/ui/time-zone";
import type { Band, Threshold } from "@/components/metrics/series-plot";
import type { FiringPeriod } from "@/lib/alerts/chart-overlays";
import { RunbookLink } from "@/components/runbooks/runbook-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { SeriesLine, SeriesResponse } from "@/lib/metrics/schemas";
import { toChartRows, tracesHref } from "@/lib/metrics/view-state";

// Recharts is most of a chart page's JavaScript: the page, its numbers and links come first and
// the plot follows, which matters to an operator opening an alert link on a phone.
const SeriesPlot = dynamic(() => import("@/components/metrics/series-plot").then((module) => module.SeriesPlot), {
  ssr: false,
  loading: () => <Skeleton className="h-64 w-full" />,
});

export interface TimeSeriesChartProps {
  id: string;
  title: string;
  description: string;
  data: SeriesResponse | undefined;
  isLoading: boolean;
  error: Error | null;
  /** Which lines to draw (default all), e.g. only the active lines of one pool. */
  selectLines?: (lines: SeriesLine[]) => SeriesLine[];
  thresholds?: Threshold[];
  /** Periods an alert rule on this chart fired, shaded. */
  firing?: FiringPeriod[];
  band?: Band;
  /** Ids of lines that are limits, not data: drawn dashed and named in the key. */
  limitLines?: string[];
  emptyHint: string;
  /** Why a line may be empty while others have data, by line id: said under the chart. */
  emptyLineReasons?: Record<string, string>;
  /** Slug of the runbook for this chart's symptom: a "Runbook" link in the header. */
  runbook?: string;
  /** Extra content under the chart (warnings). */
  children?: React.ReactNode;
}

/** Draws one prepared series: it only renders, the numbers come from lib/metrics. */
export function TimeSeriesChart({ id, title, description, data, isLoading, error, selectLines, thresholds = [], firing = [], band, limitLines = [], emptyHint, emptyLineReasons = {}, runbook, children }: TimeSeriesChartProps) {
  const [selected, setSelected] = useState<number | null>(null);
  const lines = data ? (selectLines ? selectLines(data.lines) : data.lines) : [];
  const unit = data?.unit ?? "count";
  const rows = toChartRows(lines, unitScale[unit]);
  const spansDays = data ? Date.parse(data.to) - Date.parse(data.from) > 86_400_000 : false;
  // A line with no value in the whole range is said in words, not left as a silent gap in the legend.
  const silent = lines.filter((line) => line.points.every((point) => point.value === null));

  let body: React.ReactNode;
  if (error && !data) body = <ErrorState title={`Could not load ${title.toLowerCase()}`} message={error.message} />;
  else if (isLoading && !data) body = <Skeleton className="h-64 w-full" aria-label={`Loading ${title}`} />;
  else if (rows.length === 0) body = <EmptyState title="No data in this range" description={emptyHint} />;
  else
    body = (
      <>
        <SeriesPlot id={id} rows={rows} lines={lines} unit={unit} spansDays={spansDays} thresholds={thresholds} firing={firing} band={band} limitLines={limitLines} onSelect={setSelected} />
        <PlotKey thresholds={thresholds} firing={firing} band={band} limitLines={limitLines} />
        {silent.map((line) => (
          <p key={line.id} role="note" className="mt-1 text-xs" data-testid={`empty-line-${line.id}`}>
            <span className="font-medium">{line.id}</span> has no value in this range{emptyLineReasons[line.id] ? `: ${emptyLineReasons[line.id]}` : "."}
          </p>
        ))}
        {selected !== null && data ? (
          <p className="mt-2 text-sm">
            <Link className="text-accent underline" href={tracesHref(selected, data.stepSeconds)}>
              Traces from <FormattedTime iso={new Date(selected).toISOString()} /> ({data.stepSeconds >= 60 ? `${data.stepSeconds / 60} min` : `${data.stepSeconds} s`})
            </Link>
          </p>
        ) : (
          <p className="mt-2 text-xs text-muted">
            Click a point for the traces of its window, or open the{" "}
            <Link className="text-accent underline" href={`/traces?from=${encodeURIComponent(data?.from ?? "")}&to=${encodeURIComponent(data?.to ?? "")}`}>
              traces of this range
            </Link>
            .
          </p>
        )}
        {children}
      </>
    );

  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle id={`${id}-title`}>{title}</CardTitle>
          <CardDescription>
            {description}
            {data ? <span className="ml-1 whitespace-nowrap">· {bucketLabel(data.stepSeconds, data.resolution)}</span> : null}
          </CardDescription>
        </div>
        {runbook ? <RunbookLink slug={runbook} /> : null}
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  );
}

/** The targets' names, beside the plot rather than on it, where the data would run through them. */
function PlotKey({ thresholds, firing, band, limitLines }: { thresholds: Threshold[]; firing: FiringPeriod[]; band?: Band; limitLines: string[] }) {
  if (thresholds.length === 0 && firing.length === 0 && !band && limitLines.length === 0) return null;
  const firedRules = [...new Set(firing.map((period) => period.label))];
  return (
    <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-label="Targets drawn">
      {band ? (
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-5 rounded-sm border border-[var(--target-band-stroke)] bg-[var(--target-band)]" aria-hidden="true" />
          target {band.label}
        </li>
      ) : null}
      {thresholds.map((threshold) => (
        <li key={threshold.label} className="flex items-center gap-1.5">
          <span className={`inline-block w-5 border-t-2 border-dashed ${threshold.tone === "alert" ? "border-red-600" : "border-green-600"}`} aria-hidden="true" />
          {threshold.label}
        </li>
      ))}
      {limitLines.map((label) => (
        <li key={`limit-${label}`} className="flex items-center gap-1.5">
          <span className="inline-block w-5 border-t-2 border-dashed border-red-600" aria-hidden="true" />
          limit: {label}
        </li>
      ))}
      {firedRules.map((label) => (
        <li key={`firing-${label}`} className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-5 rounded-sm bg-red-600/10" aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}
