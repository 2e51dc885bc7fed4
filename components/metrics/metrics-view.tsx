"use client";

import { metricsCharts, METRICS_PAGE_SERIES, type MetricsChartName } from "@/components/metrics/chart-definitions";
import { ErrorTable } from "@/components/metrics/error-table";
import { RangePicker } from "@/components/metrics/range-picker";
import { RefreshControl } from "@/components/metrics/refresh-control";
import { TimeSeriesChart } from "@/components/metrics/time-series-chart";
import { useMounted } from "@/components/metrics/use-mounted";
import { useViewState } from "@/components/metrics/use-view-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ruleOverlays } from "@/lib/alerts/chart-overlays";
import { useRuleList } from "@/lib/alerts/hooks";
import { useErrorSummary, useSeries } from "@/lib/metrics/hooks";
import type { ViewState } from "@/lib/metrics/view-state";

export function MetricsView({ initial }: { initial: ViewState }) {
  const mounted = useMounted();
  if (!mounted) return <Skeleton className="h-96 w-full" aria-label="Loading metrics" />;
  return <MetricsCharts initial={initial} />;
}

function MetricsCharts({ initial }: { initial: ViewState }) {
  const { state, update, nowMs, window } = useViewState(initial, METRICS_PAGE_SERIES);
  const shown = new Set(state.series);
  const errors = useErrorSummary(window.fromMs, window.toMs);
  const fetching = errors.isFetching;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
        <RangePicker value={state.range} onChange={(range) => update({ range })} nowMs={nowMs} />
        <RefreshControl paused={state.paused} onToggle={() => update({ paused: !state.paused })} updatedAt={errors.dataUpdatedAt || nowMs} fetching={fetching} />
      </div>
      <fieldset className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <legend className="sr-only">Charts shown</legend>
        {METRICS_PAGE_SERIES.map((name) => (
          <label key={name} className="inline-flex items-center gap-2">
            <input
              type="checkbox"
              checked={shown.has(name)}
              onChange={(event) => {
                const next = event.target.checked ? [...state.series, name] : state.series.filter((s) => s !== name);
                if (next.length > 0) update({ series: METRICS_PAGE_SERIES.filter((s) => next.includes(s)) });
              }}
            />
            {metricsCharts[name].title}
          </label>
        ))}
      </fieldset>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        {METRICS_PAGE_SERIES.filter((name) => shown.has(name)).map((name) => (
          <SeriesChart key={name} name={name} fromMs={window.fromMs} toMs={window.toMs} />
        ))}
      </div>
      {shown.has("error_rate") ? <ErrorTable data={errors.data} isLoading={errors.isLoading} error={errors.error} /> : null}
    </div>
  );
}

/**
 * One of the Metrics page's charts over a fixed window (also drawn on incident reviews), with the
 * seeds' targets and the threshold and firing periods of every enabled alert rule placed on it.
 */
export function SeriesChart({ name, fromMs, toMs }: { name: MetricsChartName; fromMs: number; toMs: number }) {
  const query = useSeries(name, fromMs, toMs);
  const rules = useRuleList();
  const definition = metricsCharts[name];
  const overlays = ruleOverlays(rules.data?.rules ?? [], name, { fromMs, toMs });
  return (
    <TimeSeriesChart
      id={name}
      title={definition.title}
      description={definition.description}
      data={query.data}
      isLoading={query.isLoading}
      error={query.error}
      thresholds={[...definition.thresholds, ...overlays.thresholds]}
      firing={overlays.firing}
      band={"band" in definition ? definition.band : undefined}
      limitLines={"limitLines" in definition ? definition.limitLines : undefined}
      emptyHint={definition.emptyHint}
      emptyLineReasons={"emptyLineReasons" in definition ? definition.emptyLineReasons : undefined}
      runbook={definition.runbook}
    />
  );
}
