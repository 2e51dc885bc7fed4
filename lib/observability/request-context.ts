import { AsyncLocalStorage } from "node:async_hooks";
import type { Span } from "@opentelemetry/api";
import { processSingleton } from "@/lib/process-singleton";

/** The correlation ids of the request being served (seed 002: on every log line, not just the request line). */
export interface RequestLogFields {
  request_id?: string;
  trace_id?: string;
  span_id?: string;
}

interface RequestContext {
  fields: RequestLogFields;
  /** The request's server span: the parent of the queries and calls it waits on (lib/observability/tracing.ts). Null where no span may start. */
  span: Span | null;
}

// One per process: the logger, the route wrapper and the tracing channels' subscribers may come from different bundles.
const current = processSingleton("requestContext", () => new AsyncLocalStorage<RequestContext>());

/** Runs `work` with these ids added to the current request's, for everything it logs, however deep. */
export function withRequestLogFields<T>(fields: RequestLogFields, work: () => T): T {
  const outer = current.getStore();
  return current.run({ fields: { ...outer?.fields, ...fields }, span: outer?.span ?? null }, work);
}

/** Like withRequestLogFields, also making `span` the parent of what `work` waits on (null: nothing `work` does makes spans). */
export function withRequestSpan<T>(span: Span | null, fields: RequestLogFields, work: () => T): T {
  const outer = current.getStore();
  return current.run({ fields: { ...outer?.fields, ...fields }, span }, work);
}

/** The ids of the request being served, or none outside a request (the logger's mixin). */
export function requestLogFields(): RequestLogFields {
  return { ...current.getStore()?.fields };
}

/** The current request's span, or null outside a request. */
export const requestSpan = (): Span | null => current.getStore()?.span ?? null;
