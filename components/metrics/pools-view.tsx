"use client";

import { RangePicker } from "@/components/metrics/range-picker";
import { RefreshControl } from "@/components/metrics/refresh-control";
import { TimeSeriesChart } from "@/components/metrics/time-series-chart";
import { useMounted } from "@/components/metrics/use-mounted";
import { useViewState } from "@/components/metrics/use-view-state";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useSeries } from "@/lib/metrics/hooks";
import { POOLS_PAGE_SERIES, summarisePools } from "@/lib/metrics/pools";
import { targets } from "@/lib/metrics/targets";
import type { ViewState } from "@/lib/metrics/view-state";

export function PoolsView({ initial }: { initial: ViewState }) {
  const mounted = useMounted();
  if (!mounted) return <Skeleton className="h-96 w-full" aria-label="Loading pools" />;
  return <Pools initial={initial} />;
}

function Pools({ initial }: { initial: ViewState }) {
  const { state, update, nowMs, window } = useViewState(initial, POOLS_PAGE_SERIES);
  const utilisation = useSeries("pool_utilisation", window.fromMs, window.toMs);
  const queued = useSeries("pool_queued", window.fromMs, window.toMs);
  const connections = useSeries("pool_connections", window.fromMs, window.toMs);
  const pools = summarisePools(utilisation.data, queued.data, connections.data);
  const loading = utilisation.isLoading || queued.isLoading || connections.isLoading;
  const failure = utilisation.error ?? queued.error ?? connections.error;

  let body: React.ReactNode;
  if (failure && !utilisation.data) body = <ErrorState title="Could not load pool stats" message={failure.message} />;
  else if (loading) body = <Skeleton className="h-64 w-full" aria-label="Loading pool stats" />;
  else if (pools.length === 0)
    body = <EmptyState title="No pool stats in this range" description="Services report their pools with recordPoolStats, or as pool_stats lines through the ingest endpoint." />;
  else
    body = pools.map((pool) => (
      <section key={pool.id} aria-labelledby={`pool-${pool.id}`} className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id={`pool-${pool.id}`} className="text-lg font-semibold">
            {pool.service} <span className="text-muted">/ {pool.pool}</span>
          </h2>
          <Badge tone="neutral">max {pool.maxConnections ?? "—"} connections</Badge>
          {pool.latestUtilisation !== null ? (
            <Badge tone={pool.latestUtilisation >= targets.poolUtilisationPercent.max ? "warn" : "ok"}>{Math.round(pool.latestUtilisation)} % used now</Badge>
          ) : null}
        </div>
        {pool.queueWarning ? (
          <p role="status" className="rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm">
            More than {targets.poolQueued.warnAbove} requests queued (peak {pool.peakQueued}): the pool is exhausted — raise its size or find the endpoint holding connections.
          </p>
        ) : null}
        {pool.leakSuspected ? (
          <p role="status" className="rounded-md border border-red-500/40 bg-red-500/10 px-3 py-2 text-sm">
            Possible connection leak: active connections kept climbing through this window instead of following load.
          </p>
        ) : null}
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <TimeSeriesChart
            id={`util-${pool.id}`}
            title="Utilisation"
            description="Mean share of the pool in use. Target below 70 %."
            data={utilisation.data}
            isLoading={utilisation.isLoading}
            error={utilisation.error}
            selectLines={(lines) => lines.filter((line) => line.id === pool.id)}
            thresholds={[{ y: targets.poolUtilisationPercent.max, label: "70 %", tone: "alert" }]}
            emptyHint="No utilisation reported in this range."
            runbook="deployment"
          />
          <TimeSeriesChart
            id={`conn-${pool.id}`}
            title="Connections and queue"
            description="Mean active connections, max connections and the most queued requests per bucket; more than 5 queued is exhaustion."
            data={mergeConnections(connections.data, queued.data, pool.id)}
            isLoading={connections.isLoading}
            error={connections.error}
            thresholds={[{ y: targets.poolQueued.warnAbove, label: "5 queued", tone: "alert" }]}
            emptyHint="No connection counts reported in this range."
            runbook="deployment"
          />
        </div>
      </section>
    ));

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
        <RangePicker value={state.range} onChange={(range) => update({ range })} nowMs={nowMs} />
        <RefreshControl paused={state.paused} onToggle={() => update({ paused: !state.paused })} updatedAt={utilisation.dataUpdatedAt || nowMs} fetching={utilisation.isFetching} />
      </div>
      {body}
    </div>
  );
}

/** One pool's active, max and queued lines in one response, for one chart. */
function mergeConnections(connections: ReturnType<typeof useSeries>["data"], queued: ReturnType<typeof useSeries>["data"], poolId: string) {
  if (!connections) return undefined;
  const queuedLine = queued?.lines.find((line) => line.id === poolId);
  return {
    ...connections,
    lines: [
      ...connections.lines.filter((line) => line.id.startsWith(`${poolId} `)),
      ...(queuedLine ? [{ ...queuedLine, id: `${poolId} queued` }] : []),
    ],
  };
}
