import type { Metadata } from "next";
import { Suspense } from "react";
import { ConfigSection } from "@/components/ratelimit/config-form";
import { LockLookup } from "@/components/ratelimit/lock-lookup";
import { ThreatsSection } from "@/components/ratelimit/threats-section";
import { RunbookLink } from "@/components/runbooks/runbook-link";
import { navItem } from "@/components/shell/nav-items";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

const area = navItem("/ratelimit");

export const metadata: Metadata = { title: area.label };

export default function RateLimitsPage() {
  return (
    <>
      <PageHeader
        title={area.label}
        description="Login lockouts, attack patterns and the limits on Opsdeck's own API. ?email= and ?window= make any view a link."
        actions={<RunbookLink slug="rate-limit-false-positives" />}
      />
      {/* The sections read the URL's search params on the client, which needs a Suspense boundary. */}
      <Suspense fallback={<Skeleton className="h-96" aria-label="Loading" />}>
        <div className="flex flex-col gap-6">
          <LockLookup />
          <ThreatsSection />
          <ConfigSection />
        </div>
      </Suspense>
    </>
  );
}
