"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { traceIdFromInput } from "@/lib/traces/search-params";

/** The header's box: paste an X-Trace-ID (or a traceparent, or a trace link) and land on its waterfall. */
export function TraceIdSearch() {
  const router = useRouter();
  const [value, setValue] = useState("");
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const traceId = traceIdFromInput(value);
    setInvalid(!traceId);
    if (traceId) {
      setValue("");
      router.push(`/traces/${traceId}`);
    }
  };
  return (
    <form role="search" onSubmit={submit} className="min-w-0 max-w-xs flex-1">
      <input
        type="search"
        aria-label="Open a trace by id"
        aria-invalid={invalid || undefined}
        title={invalid ? "Paste a 32-digit trace id (X-Trace-ID)" : undefined}
        placeholder="Trace id…"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setInvalid(false);
        }}
        className="h-9 w-full min-w-0 rounded-md border border-border bg-background px-2 font-mono text-sm aria-invalid:border-red-500"
      />
    </form>
  );
}
