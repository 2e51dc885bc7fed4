"use client";

import { useId, useState } from "react";
import { NotAllowedReason } from "@/components/auth/role-context";
import { FormattedTime } from "@/components/ui/time-zone";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { can } from "@/lib/api/access";
import type { Role } from "@/lib/auth/roles";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { useAddNote } from "@/lib/incidents/hooks";
import type { IncidentDetail } from "@/lib/incidents/schemas";

export function NotesPanel({ incident, role }: { incident: IncidentDetail; role: Role }) {
  const add = useAddNote(incident.id);
  const permission = can(role, incidentEndpoints.addNote);
  const reasonId = useId();
  const [body, setBody] = useState("");
  return (
    <div className="flex flex-col gap-4">
      {incident.notes.length === 0 ? (
        <EmptyState title="No notes yet" />
      ) : (
        <ol className="flex flex-col gap-3" aria-label="Notes">
          {incident.notes.map((note) => (
            <li key={note.id} className="rounded-lg border border-border p-3">
              <p className="text-xs text-muted">
                {note.author}, <FormattedTime iso={note.at} />
              </p>
              <p className="text-sm break-words whitespace-pre-wrap">{note.body}</p>
            </li>
          ))}
        </ol>
      )}
      {permission.allowed ? (
        <form
          className="flex flex-col gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate(body, { onSuccess: () => setBody("") });
          }}
        >
          <label htmlFor="note-body" className="text-sm font-medium">
            Add a note
          </label>
          <textarea
            id="note-body"
            value={body}
            onChange={(event) => setBody(event.target.value)}
            required
            rows={3}
            maxLength={10_000}
            className="w-full rounded-md border border-border bg-surface p-2 text-sm"
          />
          <div>
            <Button type="submit" disabled={add.isPending || !body.trim()}>
              {add.isPending ? "Saving…" : "Add note"}
            </Button>
          </div>
          {add.error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {add.error.message}
            </p>
          ) : null}
        </form>
      ) : (
        <p className="text-sm">
          <Button disabled aria-describedby={reasonId}>
            Add note
          </Button>{" "}
          <NotAllowedReason permission={permission} id={reasonId} />
        </p>
      )}
    </div>
  );
}
