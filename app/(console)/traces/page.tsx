import type { Metadata } from "next";
import { Suspense } from "react";
import { TraceList } from "@/components/traces/trace-list";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Traces" };

export default function TracesPage() {
  return (
    <>
      <PageHeader
        title="Traces"
        description="Requests traced by the services Opsdeck watches (OTLP at /v1/traces). Filter, spot the slow or failing ones, open a waterfall."
      />
      <Suspense fallback={<Skeleton className="h-64 w-full" />}>
        <TraceList />
      </Suspense>
    </>
  );
}
