"use client";

import { Field, Input } from "@/components/ui/field";
import { ApiClientError } from "@/lib/api/client";
import type { FieldErrors } from "@/lib/alerts/editing";

/** A text input of a rule or SLO editor, showing its field's validation error. */
export function TextField({ id, label, value, onChange, error, hint, ...props }: { id: string; label: string; value: string; onChange(value: string): void; error?: string; hint?: string } & Omit<React.ComponentProps<"input">, "onChange" | "value">) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <Input id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined} {...props} />
    </Field>
  );
}

/** The query or SLI, edited as the API's JSON. */
export function JsonField({ id, label, value, onChange, error, hint }: { id: string; label: string; value: string; onChange(value: string): void; error?: string; hint: string }) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        className="min-h-40 w-full min-w-0 rounded-md border border-border bg-surface px-3 py-2 font-mono text-xs text-foreground aria-[invalid=true]:border-red-500"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
      />
    </Field>
  );
}

/** A 400's zod issues on the form's fields; any other failure is the message shown above the buttons. */
export function serverProblems(error: Error | null, toFields: (issues: { path: PropertyKey[]; message: string }[]) => FieldErrors): { fields: FieldErrors; message: string | null } {
  if (!error) return { fields: {}, message: null };
  if (error instanceof ApiClientError && error.code === "validation_failed" && Array.isArray(error.details)) {
    return { fields: toFields(error.details as { path: PropertyKey[]; message: string }[]), message: error.message };
  }
  return { fields: {}, message: error.message };
}
