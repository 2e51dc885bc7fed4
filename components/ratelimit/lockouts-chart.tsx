"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LockoutPoint } from "@/lib/ratelimit/chart";

/** Draws a prepared series (lib/ratelimit/chart.ts); the alert line is seed 000's 10 lockouts an hour. */
export function LockoutsChart({ points, threshold }: { points: LockoutPoint[]; threshold: number }) {
  const peak = Math.max(threshold + 2, ...points.map((p) => p.lockouts));
  return (
    <figure className="m-0">
      <div className="h-64 w-full" role="img" aria-label={`Lockouts per hour; alert line at ${threshold} an hour`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} margin={{ top: 12, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "var(--muted)" }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} domain={[0, peak]} tick={{ fontSize: 11, fill: "var(--muted)" }} />
            <Tooltip
              cursor={{ fill: "var(--surface-muted)" }}
              contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", fontSize: 12 }}
              labelFormatter={(_, payload) => {
                const hour = (payload?.[0]?.payload as LockoutPoint | undefined)?.hour;
                return hour ? `${hour.slice(0, 10)} ${hour.slice(11, 16)} UTC` : "";
              }}
              formatter={(value, name) => [value, name === "lockouts" ? "Lockouts" : name]}
            />
            <ReferenceLine y={threshold} stroke="#dc2626" strokeDasharray="6 3" label={{ value: `alert > ${threshold}/h`, position: "insideTopRight", fill: "#dc2626", fontSize: 11 }} />
            <Bar dataKey="lockouts" isAnimationActive={false}>
              {points.map((point) => (
                <Cell key={point.hour} fill={point.overThreshold ? "#dc2626" : "var(--accent)"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-xs text-muted">Bars above the dashed line break the alert rule (more than {threshold} lockouts an hour).</figcaption>
    </figure>
  );
}
