"use client";

import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone";
import { targets } from "@/lib/metrics/targets";
import { durationPercentiles } from "@/lib/traces/duration-percentiles";
import type { TraceSummary } from "@/lib/traces/schemas";
import { formatSpanDuration } from "@/lib/traces/tree";
import { formatDateTime, zoneLabel } from "@/lib/ui/date-time";

/** Prepared points: x = start (ms since epoch), y = duration. */
function scatterPoints(traces: TraceSummary[]) {
  return traces.map((trace) => ({ x: new Date(trace.startTime).getTime(), y: trace.durationMs, trace }));
}

/**
 * Duration over time of the listed traces; a click opens one (loaded after the page, see trace-list.tsx).
 * With a `range` (the list's from–to) the time axis spans all of it, so a page covering only part
 * of the window shows where it sits instead of stretching over the whole chart. The p50 and p99 of
 * the listed traces and the 1 s alert line are drawn across it (the tracing runbook's distribution).
 */
export function DurationScatter({ traces, range }: { traces: TraceSummary[]; range?: { fromMs: number; toMs: number } }) {
  const router = useRouter();
  const zone = useTimeZone();
  const points = useMemo(() => scatterPoints(traces), [traces]);
  const ok = points.filter((point) => point.trace.status === "ok");
  const failed = points.filter((point) => point.trace.status === "error");
  const { p50, p99 } = useMemo(() => durationPercentiles(traces.map((trace) => trace.durationMs)), [traces]);
  const alertMs = targets.traceLatencyMs.p99Below;
  // Named in the key under the plot, as on the metrics charts: a label on the plot is crossed by the points.
  const lines = [
    ...(p50 === null ? [] : [{ y: p50, label: `p50 ${formatSpanDuration(p50)}`, stroke: "#2563eb" }]),
    ...(p99 === null ? [] : [{ y: p99, label: `p99 ${formatSpanDuration(p99)}`, stroke: "#d97706" }]),
    { y: alertMs, label: `p99 alert ${formatSpanDuration(alertMs)}`, stroke: "#dc2626" },
  ];
  const open = (point: unknown) => {
    const trace = (point as { payload?: { trace?: TraceSummary } }).payload?.trace;
    if (trace) router.push(`/traces/${trace.traceId}`);
  };
  return (
    <div>
      <div className="h-64 w-full" role="img" aria-label={`Duration over time of ${traces.length} traces; ${failed.length} with errors`}>
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 12, bottom: 14, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="x"
              type="number"
              domain={range ? [range.fromMs, range.toMs] : ["dataMin", "dataMax"]}
              tickFormatter={(value: number) => formatDateTime(value, zone, "time", false)}
              label={{ value: `Start (${zoneLabel(zone)})`, position: "insideBottomRight", offset: -6, fontSize: 11, fill: "var(--muted)" }}
              stroke="var(--muted)"
              fontSize={12}
            />
            <YAxis dataKey="y" type="number" tickFormatter={(value: number) => formatSpanDuration(value)} stroke="var(--muted)" fontSize={12} width={64} />
            <Tooltip
              cursor={{ strokeDasharray: "3 3" }}
              content={({ payload }) => {
                const trace = (payload?.[0]?.payload as { trace?: TraceSummary } | undefined)?.trace;
                return trace ? (
                  <div className="rounded-md border border-border bg-surface px-2 py-1 text-xs shadow">
                    <div className="font-medium">{trace.spanName ?? "(missing root)"}</div>
                    <div>
                      {formatSpanDuration(trace.durationMs)} · {formatDateTime(trace.startTime, zone, "time-seconds")}
                    </div>
                  </div>
                ) : null;
              }}
            />
            {lines.map((line) => (
              <ReferenceLine key={line.label} y={line.y} ifOverflow="extendDomain" stroke={line.stroke} strokeDasharray="6 4" />
            ))}
            <Scatter name="ok" data={ok} fill="var(--accent)" onClick={open} className="cursor-pointer" isAnimationActive={false} />
            <Scatter name="error" data={failed} fill="#dc2626" onClick={open} className="cursor-pointer" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-label="Duration lines drawn">
        {lines.map((line) => (
          <li key={line.label} className="flex items-center gap-1.5">
            <span className="inline-block w-5 border-t-2 border-dashed" style={{ borderColor: line.stroke }} aria-hidden="true" />
            {line.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
