"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callEndpoint } from "@/lib/api/client";
import { traceEndpoints } from "@/lib/traces/endpoints";
import { headerSearchTarget, requestIdDestination } from "@/lib/traces/search-params";

/**
 * The header's box: paste an X-Trace-ID (or a traceparent, or a trace link) and land on its
 * waterfall; paste an X-Request-ID and land on the one trace carrying it (its spans' `request_id`
 * attribute), or on the trace list filtered by it when several or none do.
 */
export function TraceIdSearch() {
  const router = useRouter();
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = headerSearchTarget(value);
    if (!target) {
      setProblem("Paste a 32-digit trace id (X-Trace-ID) or a request id (X-Request-ID)");
      return;
    }
    if ("traceId" in target) {
      setValue("");
      router.push(`/traces/${target.traceId}`);
      return;
    }
    setBusy(true);
    try {
      // Two are enough to tell "the one trace" from "several".
      const traces = await callEndpoint(traceEndpoints.search, { query: { requestId: target.requestId, limit: 2 } });
      setValue("");
      router.push(requestIdDestination(target.requestId, traces.map((trace) => trace.traceId)));
    } catch (error) {
      setProblem(`The search for request id ${target.requestId} failed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form role="search" onSubmit={(event) => void submit(event)} className="min-w-0 max-w-xs flex-1">
      <input
        type="search"
        aria-label="Open a trace by id or request id"
        aria-invalid={problem ? true : undefined}
        aria-busy={busy || undefined}
        title={problem ?? "A trace id (X-Trace-ID, traceparent, trace link) or a request id (X-Request-ID)"}
        placeholder="Trace or request id…"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setProblem(null);
        }}
        className="h-9 w-full min-w-0 rounded-md border border-border bg-background px-2 font-mono text-sm aria-invalid:border-red-500"
      />
    </form>
  );
}
