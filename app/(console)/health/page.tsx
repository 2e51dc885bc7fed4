import type { Metadata } from "next";
import { DependenciesCard } from "@/components/health/dependencies-card";
import { loadHealthSnapshot } from "@/components/health/load-health";
import { PoolStatsCard } from "@/components/health/pool-stats-card";
import { RefreshButton } from "@/components/health/refresh-button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";

// Live checks on every request; a cached health page would report a past state.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Health" };

export default async function HealthPage() {
  // The layout is not re-rendered on client-side navigation; a page that loads data checks for itself.
  await requirePerson();
  const snapshot = await loadHealthSnapshot();
  return (
    <>
      <PageHeader
        title="Health"
        description="Opsdeck's own dependencies and database pool, checked when this page loads."
        actions={<RefreshButton />}
      />
      <div className="flex flex-col gap-6">
        <DependenciesCard dependencies={snapshot.dependencies} checkedAt={snapshot.checkedAt} />
        <PoolStatsCard pool={snapshot.pool} />
      </div>
    </>
  );
}
