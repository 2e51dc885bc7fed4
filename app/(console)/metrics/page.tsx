import type { Metadata } from "next";
import { METRICS_PAGE_SERIES } from "@/components/metrics/chart-definitions";
import { MetricsView } from "@/components/metrics/metrics-view";
import { navItem } from "@/components/shell/nav-items";
import { PageHeader } from "@/components/ui/page-header";
import { UrlProblems } from "@/components/ui/url-problems";
import { parseViewState, viewStateProblems } from "@/lib/metrics/view-state";

const area = navItem("/metrics");

export const metadata: Metadata = { title: area.label };

export default async function MetricsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = await searchParams;
  const initial = parseViewState(search, METRICS_PAGE_SERIES);
  return (
    <>
      <PageHeader title="Metrics" description="What the services report: auth latency, cache hits, errors, saga compensations, pools and lockouts, against their targets." />
      <UrlProblems problems={viewStateProblems(search)} fallback="showing the last hour instead." />
      <MetricsView initial={initial} />
    </>
  );
}
