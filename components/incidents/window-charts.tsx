"use client";

import type { MetricsChartName } from "@/components/metrics/chart-definitions";
import { SeriesChart } from "@/components/metrics/metrics-view";
import { useMounted } from "@/components/metrics/use-mounted";
import { Skeleton } from "@/components/ui/skeleton";

// What an operator looks at first after an incident: the seeds' headline signals.
const REVIEW_CHARTS: MetricsChartName[] = ["auth_latency", "error_rate", "cache_hit_rate", "pool_utilisation"];

/** The incident window's charts, fixed to that window (no refresh). */
export function WindowCharts({ from, to }: { from: string; to: string }) {
  const mounted = useMounted();
  if (!mounted) return <Skeleton className="h-64 w-full" aria-label="Loading charts" />;
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-2 print:grid-cols-2">
      {REVIEW_CHARTS.map((name) => (
        <SeriesChart key={name} name={name} fromMs={Date.parse(from)} toMs={Date.parse(to)} />
      ))}
    </div>
  );
}
