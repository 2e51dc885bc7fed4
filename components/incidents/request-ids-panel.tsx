"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { NotAllowedReason } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormattedTime } from "@/components/ui/time-zone";
import { can } from "@/lib/api/access";
import type { Role } from "@/lib/auth/roles";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { useAddRequestId, useRemoveRequestId } from "@/lib/incidents/hooks";
import type { IncidentDetail, IncidentRequestId } from "@/lib/incidents/schemas";

/** One request id: where it came from, its traces, and its log query to copy. */
export function RequestIdItem({ item, onRemove, removing }: { item: IncidentRequestId; onRemove?: () => void; removing?: boolean }) {
  return (
    <li className="flex flex-col gap-1 rounded-lg border border-border p-3" data-testid="request-id">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="font-mono font-medium break-all">{item.requestId}</span>
        <span className="text-xs text-muted">
          {item.source === "alert" ? "from an alert" : `added by ${item.addedBy}`}, <FormattedTime iso={item.addedAt} />
        </span>
        <Link href={item.tracesHref} className="text-accent underline-offset-2 hover:underline">
          Traces of {item.requestId}
        </Link>
        {onRemove ? (
          <Button size="sm" variant="secondary" onClick={onRemove} disabled={removing} aria-label={`Remove request id ${item.requestId}`}>
            Remove
          </Button>
        ) : null}
      </div>
      <div className="flex items-start gap-2">
        <pre className="min-w-0 flex-1 overflow-x-auto rounded-md border border-border bg-surface-muted px-2 py-1 font-mono text-xs" aria-label={`Log query for ${item.requestId}`}>
          {item.logQuery}
        </pre>
        <CopyButton text={item.logQuery} what="log query" />
      </div>
    </li>
  );
}

/** The incident's request ids (seed 002: every incident carries them), added and removed here by those who edit incidents. */
export function RequestIdsPanel({ incident, role }: { incident: IncidentDetail; role: Role }) {
  const add = useAddRequestId(incident.id);
  const remove = useRemoveRequestId(incident.id);
  const permission = can(role, incidentEndpoints.addRequestId);
  const fieldId = useId();
  const [value, setValue] = useState("");
  return (
    <div className="flex flex-col gap-3">
      {incident.requestIds.length === 0 ? (
        <p className="text-sm text-muted">No request ids yet. Alerts bring theirs (label or annotation request_id); add one from a failing request&apos;s X-Request-ID.</p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Request ids">
          {incident.requestIds.map((item) => (
            <RequestIdItem
              key={item.requestId}
              item={item}
              removing={remove.isPending && remove.variables === item.requestId}
              onRemove={permission.allowed ? () => remove.mutate(item.requestId) : undefined}
            />
          ))}
        </ul>
      )}
      {permission.allowed ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate(value.trim(), { onSuccess: () => setValue("") });
          }}
        >
          <label htmlFor={`${fieldId}-request-id`} className="flex min-w-0 flex-1 flex-col gap-1 text-sm font-medium">
            Add a request id
            <input
              id={`${fieldId}-request-id`}
              value={value}
              onChange={(event) => setValue(event.target.value)}
              required
              maxLength={128}
              pattern="[\w.:\-]{1,128}"
              title="1–128 letters, digits, _ . : or -"
              placeholder="X-Request-ID"
              className="h-9 w-full rounded-md border border-border bg-surface px-2 font-mono text-sm"
            />
          </label>
          <Button type="submit" disabled={add.isPending || !value.trim()}>
            {add.isPending ? "Adding…" : "Add"}
          </Button>
        </form>
      ) : (
        <p className="text-sm">
          <Button disabled aria-describedby={fieldId}>
            Add a request id
          </Button>{" "}
          <NotAllowedReason permission={permission} id={fieldId} />
        </p>
      )}
      {add.error || remove.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {(add.error ?? remove.error)?.message}
        </p>
      ) : null}
    </div>
  );
}
