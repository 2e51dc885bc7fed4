import { AsyncLocalStorage } from "node:async_hooks";

/** The correlation ids of the request being served (seed 002: on every log line, not just the request line). */
export interface RequestLogFields {
  request_id?: string;
  trace_id?: string;
  span_id?: string;
}

const current = new AsyncLocalStorage<RequestLogFields>();

/** Runs `work` with these ids added to the current request's, for everything it logs, however deep. */
export function withRequestLogFields<T>(fields: RequestLogFields, work: () => T): T {
  return current.run({ ...current.getStore(), ...fields }, work);
}

/** The ids of the request being served, or none outside a request (the logger's mixin). */
export function requestLogFields(): RequestLogFields {
  return { ...current.getStore() };
}
