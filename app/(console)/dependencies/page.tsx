import type { Metadata } from "next";
import { DependenciesCard } from "@/components/health/dependencies-card";
import { loadHealthSnapshot } from "@/components/health/load-health";
import { JobRunsCard } from "@/components/health/job-runs-card";
import { PoolStatsCard } from "@/components/health/pool-stats-card";
import { RateLimiterCard } from "@/components/health/rate-limiter-card";
import { RefreshButton } from "@/components/health/refresh-button";
import { navItem } from "@/components/shell/nav-items";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";

// Live checks on every request; a cached page would report a past state.
export const dynamic = "force-dynamic";

const area = navItem("/dependencies");

export const metadata: Metadata = { title: area.label };

export default async function DependenciesPage() {
  // The layout is not re-rendered on client-side navigation; a page that loads data checks for itself.
  await requirePerson();
  const snapshot = await loadHealthSnapshot();
  return (
    <>
      <PageHeader title={area.label} description="Opsdeck's own dependencies, checked when this page loads (the same checks as /api/health/deps)." actions={<RefreshButton />} />
      <div className="flex flex-col gap-6">
        <DependenciesCard dependencies={snapshot.dependencies} checkedAt={snapshot.checkedAt} />
        {snapshot.dependencies.ok ? <RateLimiterCard limiter={snapshot.dependencies.value.rateLimiter} /> : null}
        <PoolStatsCard pool={snapshot.pool} />
        <JobRunsCard jobs={snapshot.jobs} />
      </div>
    </>
  );
}
