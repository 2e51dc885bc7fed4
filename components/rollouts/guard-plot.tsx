"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { GuardChart } from "@/lib/rollouts/chart";

const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)}`;
const axis = { stroke: "var(--muted)", fontSize: 12 };
const tooltipStyle = { background: "var(--surface)", border: "1px solid var(--border)", color: "var(--foreground)" };

/** The Recharts part of a guard's chart (loaded after the page): both arms, then the effect with its band. */
export function GuardPlot({ chart, id }: { chart: GuardChart; id: string }) {
  return (
    <div className="grid gap-2" data-testid={`guard-chart-${id}`}>
      <div className="h-44 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={chart.rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="time" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={utcTime} {...axis} minTickGap={24} />
            <YAxis {...axis} width={48} domain={[0, "auto"]} unit={chart.valueUnit === "%" ? "%" : ""} />
            <Tooltip labelFormatter={(value) => `${utcTime(Number(value))} UTC`} contentStyle={tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {chart.threshold !== null ? (
              <ReferenceLine y={chart.threshold} ifOverflow="extendDomain" stroke="#dc2626" strokeDasharray="6 4" label={{ value: `threshold ${chart.threshold} ${chart.valueUnit}`, fontSize: 11, position: "insideTopRight", fill: "var(--muted)" }} />
            ) : null}
            <Line type="monotone" dataKey="treatment" name={`treatment (${chart.valueUnit})`} stroke="#dc2626" dot={false} isAnimationActive={false} connectNulls />
            <Line type="monotone" dataKey="control" name={`control (${chart.valueUnit})`} stroke="#2563eb" dot={false} isAnimationActive={false} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="h-36 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={chart.rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="time" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={utcTime} {...axis} minTickGap={24} />
            <YAxis {...axis} width={48} />
            <Tooltip labelFormatter={(value) => `${utcTime(Number(value))} UTC`} contentStyle={tooltipStyle} />
            <Area type="monotone" dataKey="band" name="confidence band" stroke="none" fill="#7c3aed" fillOpacity={0.15} isAnimationActive={false} />
            <Line type="monotone" dataKey="effect" name={`treatment − control (${chart.effectUnit})`} stroke="#7c3aed" dot={false} isAnimationActive={false} connectNulls />
            <ReferenceLine y={0} stroke="var(--muted)" />
            {chart.limit !== null ? (
              <ReferenceLine y={chart.limit} ifOverflow="extendDomain" stroke="#dc2626" strokeDasharray="6 4" label={{ value: `allowed ${chart.limit} ${chart.effectUnit}`, fontSize: 11, position: "insideTopRight", fill: "var(--muted)" }} />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
