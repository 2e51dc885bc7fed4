import type { Metadata } from "next";
import { PoolsView } from "@/components/metrics/pools-view";
import { navItem } from "@/components/shell/nav-items";
import { PageHeader } from "@/components/ui/page-header";
import { UrlProblems } from "@/components/ui/url-problems";
import { POOLS_PAGE_SERIES } from "@/lib/metrics/pools";
import { parseViewState, viewStateProblems } from "@/lib/metrics/view-state";

const area = navItem("/pools");

export const metadata: Metadata = { title: area.label };

export default async function PoolsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = await searchParams;
  const initial = parseViewState(search, POOLS_PAGE_SERIES);
  return (
    <>
      <PageHeader
        title="Pools"
        description="Connection pools the services report: utilisation against 70 %, queued requests, max connections and leak hints. Opsdeck's own pool is on the Health page."
      />
      <UrlProblems problems={viewStateProblems(search)} fallback="showing the last hour instead." />
      <PoolsView initial={initial} />
    </>
  );
}
