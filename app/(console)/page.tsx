import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { ActivePlans } from "@/components/rollouts/active-plans";
import { OverviewAlerts } from "@/components/alerts/overview-alerts";
import { DegradedDependencies, OpenIncidents, RecentFlagChanges } from "@/components/overview/on-fire";
import { navItemsFor } from "@/components/shell/nav-items";
import { Icon } from "@/components/ui/icon";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { requirePerson } from "@/lib/auth/current-person";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const { role } = await requirePerson();
  const areas = navItemsFor(role).filter((item) => item.href !== "/");
  return (
    <>
      <PageHeader title="Opsdeck" description="What needs attention first, then every area of the console." />
      {/* What is on fire leads; each part streams in by itself, so a slow dependency check holds up nothing else. */}
      <Suspense fallback={<Skeleton className="mb-6 h-16" />}>
        <OpenIncidents />
      </Suspense>
      <Suspense fallback={<Skeleton className="mb-6 h-16" />}>
        <OverviewAlerts />
      </Suspense>
      <Suspense fallback={null}>
        <DegradedDependencies />
      </Suspense>
      <Suspense fallback={null}>
        <RecentFlagChanges />
      </Suspense>
      <ActivePlans />
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {areas.map((area) => (
          <li key={area.href}>
            <Link
              href={area.href}
              className="flex h-full items-start gap-3 rounded-lg border border-border bg-surface p-4 shadow-xs transition-colors hover:border-accent hover:bg-accent-soft"
            >
              <Icon name={area.icon} className="mt-0.5 text-accent" />
              <span className="min-w-0">
                <span className="block font-medium">{area.label}</span>
                <span className="mt-1 block text-sm text-muted">{area.description}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
