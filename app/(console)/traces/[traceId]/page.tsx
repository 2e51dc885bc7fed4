import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { RunbookLink } from "@/components/runbooks/runbook-link";
import { Waterfall } from "@/components/traces/waterfall";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { FormattedTime } from "@/components/ui/time-zone";
import { requirePerson } from "@/lib/auth/current-person";
import { getConfig } from "@/lib/config";
import { incidentPath, metricsOfTraceHref } from "@/lib/incidents/links";
import { incidentsCovering } from "@/lib/incidents/reads";
import { traceTimes } from "@/lib/traces/queries";
import { traceIdSchema } from "@/lib/traces/schemas";

export async function generateMetadata({ params }: { params: Promise<{ traceId: string }> }): Promise<Metadata> {
  return { title: `Trace ${(await params).traceId.slice(0, 8)}` };
}

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  // The layout is not re-rendered on client navigation: a page that reads data authorises itself.
  await requirePerson();
  const parsed = traceIdSchema.safeParse((await params).traceId);
  const times = parsed.success ? await traceTimes(parsed.data) : null;
  const incidents = times ? await incidentsCovering(times.start) : [];
  return (
    <>
      <PageHeader
        title="Trace"
        description={<span className="font-mono break-all">{parsed.success ? parsed.data : (await params).traceId}</span>}
        actions={
          <>
            <RunbookLink slug="tracing" label="Tracing runbook" />
            <Link href="/traces" className="text-sm text-accent hover:underline">
              All traces
            </Link>
          </>
        }
      />
      {!parsed.success ? (
        <EmptyState title="Not a trace id" description="A trace id is 32 hexadecimal digits, as in the X-Trace-ID response header." />
      ) : !times ? (
        <EmptyState
          title="Trace not found"
          description="No span of this trace has arrived. It may still be on its way (exporters batch for a few seconds), or be older than the retention."
        />
      ) : (
        <>
          <p className="mb-4 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" data-testid="trace-context">
            <span>
              <span className="text-muted">Started</span> <FormattedTime iso={times.start.toISOString()} />
            </span>
            <Link href={metricsOfTraceHref(times.start.getTime(), times.end.getTime())} className="text-accent underline-offset-2 hover:underline">
              Metrics of that minute
            </Link>
            {incidents.map((incident) => (
              <Link key={incident.id} href={incidentPath(incident.id)} className="text-accent underline-offset-2 hover:underline">
                During incident #{incident.id}: {incident.title}
              </Link>
            ))}
          </p>
          <Suspense fallback={<Skeleton className="h-96 w-full" />}>
            <Waterfall traceId={parsed.data} slowSpanMs={getConfig().TRACE_SLOW_SPAN_MS} />
          </Suspense>
        </>
      )}
    </>
  );
}
