"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatValue } from "@/components/metrics/format";
import type { FiringPeriod } from "@/lib/alerts/chart-overlays";
import { useTimeZone } from "@/components/ui/time-zone";
import { formatDateTime, zoneLabel } from "@/lib/ui/date-time";
import type { SeriesLine, SeriesUnit } from "@/lib/metrics/schemas";
import type { ChartRow } from "@/lib/metrics/view-state";

const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

export interface Threshold {
  /** In the chart's drawn unit (percent for ratios). */
  y: number;
  label: string;
  tone: "target" | "alert";
}

/** A target range drawn as a shaded band (auth latency's 500 ms ± 50). */
export interface Band {
  from: number;
  to: number;
  label: string;
}

export interface SeriesPlotProps {
  id: string;
  rows: ChartRow[];
  lines: SeriesLine[];
  unit: SeriesUnit;
  spansDays: boolean;
  thresholds: Threshold[];
  /** Periods an alert rule on this chart fired, shaded across the plot. */
  firing: FiringPeriod[];
  band?: Band;
  /** Ids of lines that are limits (drawn dashed red, like a threshold). */
  limitLines: string[];
  /** A click on the plot picks the time of the nearest point. */
  onSelect: (time: number) => void;
}

/** The Recharts part of a time-series chart, loaded after the page (see time-series-chart.tsx). */
export function SeriesPlot({ id, rows, lines, unit, spansDays, thresholds, firing, band, limitLines, onSelect }: SeriesPlotProps) {
  const zone = useTimeZone();
  return (
    <div className="h-64 w-full" data-testid={`chart-${id}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={rows}
          margin={{ top: 8, right: 8, bottom: 12, left: -8 }}
          onClick={(state) => {
            const index = Number(state?.activeTooltipIndex ?? state?.activeIndex);
            const time = state?.activeLabel ?? (Number.isInteger(index) ? rows[index]?.time : undefined);
            if (time !== undefined && time !== null) onSelect(Number(time));
          }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(value: number) => formatDateTime(value, zone, spansDays ? "day-time" : "time", false)}
            label={{ value: `Time (${zoneLabel(zone)})`, position: "insideBottomRight", offset: -10, fontSize: 11, fill: "var(--muted)" }}
            stroke="var(--muted)"
            fontSize={12}
            minTickGap={24}
          />
          <YAxis stroke="var(--muted)" fontSize={12} width={48} domain={[0, "auto"]} />
          <Tooltip
            labelFormatter={(value) => formatDateTime(Number(value), zone)}
            formatter={(value) => formatValue(typeof value === "number" ? value : null, unit === "ratio" ? "percent" : unit)}
            contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--foreground)" }}
          />
          {lines.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {/* Targets are always drawn: the axis grows to include them rather than hiding a line above quiet data. */}
          {/* Named in the key under the plot (time-series-chart.tsx): a label on the plot is crossed by the data. */}
          {band ? <ReferenceArea ifOverflow="extendDomain" y1={band.from} y2={band.to} fill="var(--target-band)" fillOpacity={1} stroke="var(--target-band-stroke)" /> : null}
          {firing.map((period) => (
            <ReferenceArea key={`${period.label}-${period.fromMs}`} x1={period.fromMs} x2={period.toMs} ifOverflow="hidden" fill="#dc2626" fillOpacity={0.1} />
          ))}
          {thresholds.map((threshold) => (
            <ReferenceLine
              key={threshold.label}
              y={threshold.y}
              ifOverflow="extendDomain"
              stroke={threshold.tone === "alert" ? "#dc2626" : "#16a34a"}
              strokeDasharray="6 4"
            />
          ))}
          {lines.map((line, index) => (
            <Line
              key={line.id}
              dataKey={line.id}
              name={line.id}
              stroke={limitLines.includes(line.id) ? "#dc2626" : PALETTE[index % PALETTE.length]}
              strokeDasharray={limitLines.includes(line.id) ? "6 4" : undefined}
              dot={false}
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
