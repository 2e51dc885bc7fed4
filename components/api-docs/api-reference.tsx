"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/**
 * Swagger UI touches `window` while loading and is large, so it is loaded in the browser only,
 * and only on this page.
 */
const SwaggerReference = dynamic(() => import("@/components/api-docs/swagger-reference"), {
  ssr: false,
  loading: () => (
    <div role="status" className="space-y-3 p-4">
      <span className="sr-only">Loading the API reference…</span>
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-4 w-full" />
      <Skeleton className="h-12 w-full" />
      <Skeleton className="h-12 w-full" />
      <Skeleton className="h-12 w-full" />
    </div>
  ),
});

/** The interactive reference for an OpenAPI document, fetched by the browser (with the user's cookies) from `specUrl`. */
export function ApiReference({ specUrl }: { specUrl: string }) {
  return <SwaggerReference specUrl={specUrl} />;
}
