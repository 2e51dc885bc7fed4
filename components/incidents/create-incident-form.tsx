"use client";

import { useRouter } from "next/navigation";
import { useCan } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { useCreateIncident } from "@/lib/incidents/hooks";
import { incidentPath } from "@/lib/incidents/links";
import { type Severity, SEVERITIES } from "@/lib/incidents/schemas";
import type { RunbookSummary } from "@/lib/runbooks/schemas";

/** Opens an incident by hand and goes to it. */
export function CreateIncidentForm({ runbooks }: { runbooks: RunbookSummary[] }) {
  const router = useRouter();
  const create = useCreateIncident();
  const permission = useCan(incidentEndpoints.create);
  const pending = create.isPending || create.isSuccess;
  return (
    <form
      aria-label="Open an incident"
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const runbook = String(form.get("runbook") ?? "");
        create.mutate(
          { title: String(form.get("title") ?? ""), severity: String(form.get("severity")) as Severity, ...(runbook ? { runbook } : {}) },
          { onSuccess: (created) => router.push(incidentPath(created.id)) },
        );
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
      <div className="flex flex-col gap-1">
        <Button type="submit" disabled={pending || !permission.allowed} title={permission.reason}>
          {pending ? "Opening…" : "Open incident"}
        </Button>
        {permission.reason ? <span className="text-xs text-muted">{permission.reason}</span> : null}
      </div>
      {create.isError ? (
        <p role="alert" className="text-sm text-red-700 sm:col-span-2 lg:col-span-4 dark:text-red-400">
          {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
