import type { MetricsStore } from "@/lib/metrics/store/types";
import { aggregateSpans } from "@/lib/traces/span-aggregates";
import { SPAN_MEASUREMENT } from "@/lib/traces/span-measurement";

/** What rules and SLIs read: the metrics store, and the stored spans under `trace_span`. */
export function alertSources(store: Pick<MetricsStore, "aggregate">): Pick<MetricsStore, "aggregate"> {
  return { aggregate: (query) => (query.measurement === SPAN_MEASUREMENT ? aggregateSpans(query) : store.aggregate(query)) };
}
