"use client";

import Link from "next/link";
import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatInstant, formatTime, formatValue, unitScale } from "@/components/metrics/format";
import { RunbookLink } from "@/components/runbooks/runbook-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { SeriesLine, SeriesResponse } from "@/lib/metrics/schemas";
import { toChartRows, tracesHref } from "@/lib/metrics/view-state";

export interface Threshold {
  /** In the chart's drawn unit (percent for ratios). */
  y: number;
  label: string;
  tone: "target" | "alert";
}

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
  band?: { from: number; to: number; label: string };
  emptyHint: string;
  /** Slug of the runbook for this chart's symptom: a "Runbook" link in the header. */
  runbook?: string;
  /** Extra content under the chart (warnings). */
  children?: React.ReactNode;
}

const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

/** Draws one prepared series: it only renders, the numbers come from lib/metrics. */
export function TimeSeriesChart({ id, title, description, data, isLoading, error, selectLines, thresholds = [], band, emptyHint, runbook, children }: TimeSeriesChartProps) {
  const [selected, setSelected] = useState<number | null>(null);
  const lines = data ? (selectLines ? selectLines(data.lines) : data.lines) : [];
  const unit = data?.unit ?? "count";
  const rows = toChartRows(lines, unitScale[unit]);
  const spansDays = data ? Date.parse(data.to) - Date.parse(data.from) > 86_400_000 : false;

  let body: React.ReactNode;
  if (error && !data) body = <ErrorState title={`Could not load ${title.toLowerCase()}`} message={error.message} />;
  else if (isLoading && !data) body = <Skeleton className="h-64 w-full" aria-label={`Loading ${title}`} />;
  else if (rows.length === 0) body = <EmptyState title="No data in this range" description={emptyHint} />;
  else
    body = (
      <>
        <div className="h-64 w-full" data-testid={`chart-${id}`}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={rows}
              margin={{ top: 8, right: 8, bottom: 0, left: -8 }}
              onClick={(state) => {
                const index = Number(state?.activeTooltipIndex ?? state?.activeIndex);
                const time = state?.activeLabel ?? (Number.isInteger(index) ? rows[index]?.time : undefined);
                if (time !== undefined && time !== null) setSelected(Number(time));
              }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="time"
                type="number"
                scale="time"
                domain={["dataMin", "dataMax"]}
                tickFormatter={(value: number) => formatTime(value, spansDays)}
                stroke="var(--muted)"
                fontSize={12}
                minTickGap={24}
              />
              <YAxis stroke="var(--muted)" fontSize={12} width={48} domain={[0, "auto"]} />
              <Tooltip
                labelFormatter={(value) => formatInstant(Number(value))}
                formatter={(value) => formatValue(typeof value === "number" ? value : null, unit === "ratio" ? "percent" : unit)}
                contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--foreground)" }}
              />
              {lines.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
              {/* Targets are always drawn: the axis grows to include them rather than hiding a line above quiet data. */}
              {band ? <ReferenceArea ifOverflow="extendDomain" y1={band.from} y2={band.to} fill="#16a34a" fillOpacity={0.08} label={{ value: band.label, fontSize: 11, position: "insideTopLeft" }} /> : null}
              {thresholds.map((threshold) => (
                <ReferenceLine
                  key={threshold.label}
                  y={threshold.y}
                  ifOverflow="extendDomain"
                  stroke={threshold.tone === "alert" ? "#dc2626" : "#16a34a"}
                  strokeDasharray="6 4"
                  label={{ value: threshold.label, fontSize: 11, position: "insideTopRight", fill: "var(--muted)" }}
                />
              ))}
              {lines.map((line, index) => (
                <Line
                  key={line.id}
                  dataKey={line.id}
                  name={line.id}
                  stroke={PALETTE[index % PALETTE.length]}
                  dot={false}
                  strokeWidth={2}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        {selected !== null && data ? (
          <p className="mt-2 text-sm">
            <Link className="text-accent underline" href={tracesHref(selected, data.stepSeconds)}>
              Traces from {formatInstant(selected)} ({data.stepSeconds >= 60 ? `${data.stepSeconds / 60} min` : `${data.stepSeconds} s`})
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
          <CardDescription>{description}</CardDescription>
        </div>
        {runbook ? <RunbookLink slug={runbook} /> : null}
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  );
}
