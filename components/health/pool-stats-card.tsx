import type { PoolStats } from "@/lib/health/schemas";
import type { Loaded } from "@/components/health/load-health";
import type { Tone } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { cn } from "@/lib/ui/cn";

/** Thresholds for the utilisation bar's colour; a nearly full pool queues requests. */
function utilisationTone(percent: number): Tone {
  if (percent >= 90) return "danger";
  if (percent >= 70) return "warn";
  return "ok";
}

const barClasses: Record<Tone, string> = {
  ok: "bg-emerald-500",
  warn: "bg-amber-500",
  danger: "bg-red-500",
  neutral: "bg-slate-400",
};

export function PoolStatsCard({ pool }: { pool: Loaded<PoolStats> }) {
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle>Database pool</CardTitle>
          <CardDescription>Opsdeck&apos;s own connection pool to its PostgreSQL database.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {pool.ok ? <PoolStatsDetails stats={pool.value} /> : <ErrorState title="Could not read the database pool" message={pool.message} />}
      </CardContent>
    </Card>
  );
}

function PoolStatsDetails({ stats }: { stats: PoolStats }) {
  const figures = [
    { label: "Active", value: stats.activeConnections },
    { label: "Available", value: stats.availableConnections },
    { label: "Queued", value: stats.queuedRequests },
    { label: "Max", value: stats.maxConnections },
    { label: "Utilisation", value: `${stats.utilizationPercent}%` },
  ];
  const barWidth = Math.min(100, Math.max(0, stats.utilizationPercent));
  return (
    <>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
        {figures.map((figure) => (
          <div key={figure.label}>
            <dt className="text-xs font-medium tracking-wide text-muted uppercase">{figure.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{figure.value}</dd>
          </div>
        ))}
      </dl>
      {/* The figure above carries the number; the bar only repeats it visually. */}
      <div aria-hidden="true" className="mt-4 h-2 w-full overflow-hidden rounded-full bg-surface-muted">
        <div className={cn("h-full rounded-full", barClasses[utilisationTone(stats.utilizationPercent)])} style={{ width: `${barWidth}%` }} />
      </div>
    </>
  );
}
