"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { apiFetch } from "@/lib/api/client";
import { incidentPath } from "@/lib/incidents/links";
import { type IncidentSummary, SEVERITIES } from "@/lib/incidents/schemas";
import type { RunbookSummary } from "@/lib/runbooks/schemas";

/** Opens an incident by hand and goes to it. */
export function CreateIncidentForm({ runbooks }: { runbooks: RunbookSummary[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      aria-label="Open an incident"
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setPending(true);
        setError(null);
        try {
          const created = await apiFetch<IncidentSummary>("/api/admin/incidents", {
            method: "POST",
            body: { title: form.get("title"), severity: form.get("severity"), ...(form.get("runbook") ? { runbook: form.get("runbook") } : {}) },
          });
          router.push(incidentPath(created.id));
        } catch (failure) {
          setError((failure as Error).message);
          setPending(false);
        }
      }}
    >
      <Field id="incident-title" label="Title">
        <Input id="incident-title" name="title" required maxLength={200} placeholder="Checkout errors after deploy" />
      </Field>
      <Field id="incident-severity" label="Severity">
        <Select id="incident-severity" name="severity" defaultValue="high">
          {SEVERITIES.map((severity) => (
            <option key={severity}>{severity}</option>
          ))}
        </Select>
      </Field>
      <Field id="incident-runbook" label="Runbook">
        <Select id="incident-runbook" name="runbook" defaultValue="">
          <option value="">None yet</option>
          {runbooks.map((runbook) => (
            <option key={runbook.slug} value={runbook.slug}>
              {runbook.title}
            </option>
          ))}
        </Select>
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Opening…" : "Open incident"}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700 sm:col-span-2 lg:col-span-4 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </form>
  );
}
