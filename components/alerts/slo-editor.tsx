"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { JsonField, serverProblems, TextField } from "@/components/alerts/editor-fields";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Field, Select } from "@/components/ui/field";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { type FieldErrors, sloFieldErrors, sloFormValues, sloInputFromForm } from "@/lib/alerts/editing";
import { useSaveSlo } from "@/lib/alerts/hooks";
import { type Slo, SLO_WINDOWS } from "@/lib/alerts/schemas";

/** Creates an SLO (`/slos?edit=new`) or edits one (`/slos/<id>?edit=1`); admins only. */
export function SloEditor({ slo }: { slo?: Slo }) {
  const router = useRouter();
  const save = useSaveSlo();
  const permission = useCan(slo ? alertEndpoints.updateSlo : alertEndpoints.createSlo);
  const [values, setValues] = useState(() => sloFormValues(slo));
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (name: keyof typeof values) => (value: string) => setValues({ ...values, [name]: value });
  const server = serverProblems(save.error, sloFieldErrors);
  const shown = { ...server.fields, ...errors };
  const title = slo ? `Edit ${slo.displayName ?? slo.name}` : "New SLO";

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const result = sloInputFromForm(values, slo);
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate(
      { id: slo?.id, input: { ...result.input, ...(slo ? { version: slo.version } : {}) } },
      {
        onSuccess: (saved) => {
          router.push(`/slos/${saved.id}`);
          router.refresh();
        },
      },
    );
  };

  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} noValidate aria-label={title} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <TextField id="slo-name" label="Name" value={values.name} onChange={set("name")} error={shown.name} hint="Lower-case letters, digits and -" />
          <TextField id="slo-display-name" label="Display name" value={values.displayName} onChange={set("displayName")} error={shown.displayName} />
          <TextField id="slo-service" label="Service" value={values.service} onChange={set("service")} error={shown.service} />
          <TextField id="slo-objective" label="Objective (%)" inputMode="decimal" value={values.objective} onChange={set("objective")} error={shown.objective} hint="Strictly between 0 and 100, e.g. 99.5" />
          <Field id="slo-window" label="Rolling window" error={shown.window}>
            <Select id="slo-window" value={values.window} onChange={(event) => set("window")(event.target.value)}>
              {SLO_WINDOWS.map((window) => (
                <option key={window}>{window}</option>
              ))}
            </Select>
          </Field>
          <TextField id="slo-runbook" label="Runbook" value={values.runbook} onChange={set("runbook")} error={shown.runbook} hint="A runbook slug for its burn-rate incidents" />
          <div className="sm:col-span-2">
            <JsonField id="slo-sli" label="SLI" value={values.sli} onChange={set("sli")} error={shown.sli} hint="good or bad, and total: selectors { measurement, field, where, below }" />
          </div>
          <div className="sm:col-span-2">
            <TextField id="slo-description" label="Description" value={values.description} onChange={set("description")} error={shown.description} />
          </div>
          <label className="flex items-center gap-2 text-sm sm:col-span-2">
            <input type="checkbox" checked={values.enabled} onChange={(event) => setValues({ ...values, enabled: event.target.checked })} /> Enabled
          </label>
          {server.message ? <ErrorState className="sm:col-span-2" title="The SLO was not saved" message={server.message} /> : null}
          <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
            <Button type="submit" disabled={save.isPending || !permission.allowed} aria-describedby={permission.allowed ? undefined : "slo-save-not-allowed"}>
              {save.isPending ? "Saving…" : slo ? "Save SLO" : "Create SLO"}
            </Button>
            <Link href={slo ? `/slos/${slo.id}` : "/slos"} className={buttonClasses({ variant: "secondary" })}>
              Cancel
            </Link>
            <NotAllowedReason permission={permission} id="slo-save-not-allowed" />
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
