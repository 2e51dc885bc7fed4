"use client";

import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SloDetail } from "@/lib/alerts/schemas";

const day = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace("T", " ");
const COLOURS = { incident: "#dc2626", flag: "#7c3aed", correction: "#64748b" } as const;

/** The budget burn-down with the window's incidents, flag changes and corrections on the same time axis. */
export function BudgetChart({ detail }: { detail: SloDetail }) {
  const points = detail.burnDown.map((point) => ({ time: point.time, remaining: Number((point.remaining * 100).toFixed(2)) }));
  return (
    <figure className="h-72 w-full" aria-label="Error budget remaining over the window, in percent, with incidents and flag changes">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="time" type="number" domain={[Date.parse(detail.range.from), Date.parse(detail.range.to)]} tickFormatter={day} fontSize={11} />
          <YAxis unit=" %" fontSize={11} width={52} />
          <Tooltip labelFormatter={(value) => `${day(Number(value))} UTC`} formatter={(value) => [`${value} %`, "budget left"]} />
          <ReferenceLine y={0} stroke="#dc2626" />
          {detail.annotations.map((annotation) =>
            annotation.endAt ? (
              <ReferenceArea key={`${annotation.kind}-${annotation.at}`} x1={annotation.at} x2={annotation.endAt} fill={COLOURS[annotation.kind]} fillOpacity={0.12} label={{ value: annotation.label, fontSize: 10, position: "insideTop" }} />
            ) : (
              <ReferenceLine key={`${annotation.kind}-${annotation.at}-${annotation.label}`} x={annotation.at} stroke={COLOURS[annotation.kind]} strokeDasharray="4 2" />
            ),
          )}
          <Line type="stepAfter" dataKey="remaining" stroke="#2563eb" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Burn rate over 1 h and 6 h, hourly, with the workbook's page thresholds. */
export function BurnRateChart({ detail }: { detail: SloDetail }) {
  return (
    <figure className="h-56 w-full" aria-label="Burn rate over 1 hour and 6 hours">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={detail.burnRateSeries} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="time" type="number" domain={["dataMin", "dataMax"]} tickFormatter={day} fontSize={11} />
          <YAxis fontSize={11} width={52} />
          <Tooltip labelFormatter={(value) => `${day(Number(value))} UTC`} />
          <ReferenceLine y={14.4} stroke="#dc2626" strokeDasharray="4 2" label={{ value: "14.4×", fontSize: 10 }} />
          <ReferenceLine y={6} stroke="#f59e0b" strokeDasharray="4 2" label={{ value: "6×", fontSize: 10 }} />
          <ReferenceLine y={1} stroke="#64748b" strokeDasharray="2 2" />
          <Line dataKey="burn1h" name="1 h" stroke="#2563eb" dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="burn6h" name="6 h" stroke="#7c3aed" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
