"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { RunbookChecklist } from "@/components/runbooks/runbook-checklist";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import type { Role } from "@/lib/auth/roles";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { useAttachRunWithChecks, useOpenIncidents } from "@/lib/incidents/hooks";
import { incidentPath } from "@/lib/incidents/links";
import type { Runbook, StepCheck } from "@/lib/runbooks/schemas";

/** A runbook's checklist on its own page, where ticks live only in this tab: it says so and offers to keep them in an open incident. */
export function StandaloneChecklist({ runbook, role }: { runbook: Runbook; role: Role }) {
  return <RunbookChecklist runbook={runbook} role={role} unkept={(ticks) => <KeepTicks runbook={runbook} ticks={ticks} />} />;
}

function KeepTicks({ runbook, ticks }: { runbook: Runbook; ticks: Record<string, StepCheck> }) {
  const router = useRouter();
  const permission = useCan(incidentEndpoints.attachRunbook);
  const incidents = useOpenIncidents();
  const attach = useAttachRunWithChecks();
  const [chosen, setChosen] = useState("");
  const selectId = useId();
  const reasonId = useId();
  const ticked = runbook.steps.filter((step) => ticks[step.id]?.checked).map((step) => step.id);
  const open = incidents.data?.incidents ?? [];
  const incidentId = Number(chosen || open[0]?.id);

  return (
    <div role="note" aria-label="Ticks are not kept" className="rounded-md border border-amber-400/60 bg-amber-500/10 px-3 py-2 text-sm">
      <p>
        {ticked.length > 0 ? (
          <span className="font-medium">
            {ticked.length} tick{ticked.length === 1 ? "" : "s"} on this page {ticked.length === 1 ? "is" : "are"} not kept: reloading or leaving the page clears {ticked.length === 1 ? "it" : "them"}.
          </span>
        ) : (
          <span className="font-medium">Ticks on this page are not kept: reloading or leaving the page clears them.</span>
        )}{" "}
        Inside an incident every check is saved with who and when.
      </p>
      {incidents.isError ? <p className="mt-1 text-muted">Open incidents could not be loaded: {incidents.error.message}</p> : null}
      {incidents.data && open.length === 0 ? (
        <p className="mt-1 text-muted">
          No incident is open. <Link href="/incidents" className="underline underline-offset-2">Open one</Link> with this runbook to keep its checks.
        </p>
      ) : null}
      {open.length > 0 ? (
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            attach.mutate({ incidentId, slug: runbook.slug, stepIds: ticked }, { onSuccess: () => router.push(incidentPath(incidentId, "runbook")) });
          }}
        >
          <label htmlFor={selectId} className="flex min-w-0 flex-1 flex-col gap-1 text-xs text-muted">
            Open incident
            <Select id={selectId} value={chosen || String(open[0]?.id)} onChange={(event) => setChosen(event.target.value)} disabled={!permission.allowed}>
              {open.map((incident) => (
                <option key={incident.id} value={incident.id}>
                  #{incident.id} {incident.title}
                </option>
              ))}
            </Select>
          </label>
          <Button type="submit" variant="secondary" disabled={!permission.allowed || attach.isPending} aria-describedby={permission.allowed ? undefined : reasonId}>
            {attach.isPending ? "Attaching…" : ticked.length > 0 ? `Attach to the incident with ${ticked.length} tick${ticked.length === 1 ? "" : "s"}` : "Attach to the incident"}
          </Button>
          <NotAllowedReason permission={permission} id={reasonId} />
          {attach.error ? (
            <p role="alert" className="w-full text-red-700 dark:text-red-300">
              {attach.error.message}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
