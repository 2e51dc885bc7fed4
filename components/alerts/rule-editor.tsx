"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { JsonField, serverProblems, TextField } from "@/components/alerts/editor-fields";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Field, Select } from "@/components/ui/field";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { type FieldErrors, ruleFieldErrors, ruleFormValues, ruleInputFromForm } from "@/lib/alerts/editing";
import { useSaveRule } from "@/lib/alerts/hooks";
import { comparisonSchema, type Rule } from "@/lib/alerts/schemas";
import { SEVERITIES } from "@/lib/incidents/schemas";
import Link from "next/link";

/** Creates a rule (`/alerts?edit=new`) or edits one (`/alerts?rule=<id>&edit=1`); admins only. */
export function RuleEditor({ rule }: { rule?: Rule }) {
  const router = useRouter();
  const save = useSaveRule();
  const permission = useCan(rule ? alertEndpoints.updateRule : alertEndpoints.createRule);
  const [values, setValues] = useState(() => ruleFormValues(rule));
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (name: keyof typeof values) => (value: string) => setValues({ ...values, [name]: value });
  const server = serverProblems(save.error, ruleFieldErrors);
  const shown = { ...server.fields, ...errors };
  const cancelHref = rule ? `/alerts?rule=${rule.id}` : "/alerts";

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const result = ruleInputFromForm(values, rule);
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    save.mutate(
      { id: rule?.id, input: { ...result.input, ...(rule ? { version: rule.version } : {}) } },
      {
        onSuccess: (saved) => {
          router.push(`/alerts?rule=${saved.id}`);
          router.refresh();
        },
      },
    );
  };

  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle>{rule ? `Edit ${rule.name}` : "New alert rule"}</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} noValidate aria-label={rule ? `Edit ${rule.name}` : "New alert rule"} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <TextField id="rule-name" label="Name" value={values.name} onChange={set("name")} error={shown.name} hint="The alertname: letters, digits and _" />
          <Field id="rule-severity" label="Severity" error={shown.severity}>
            <Select id="rule-severity" value={values.severity} onChange={(event) => set("severity")(event.target.value)}>
              {SEVERITIES.map((severity) => (
                <option key={severity}>{severity}</option>
              ))}
            </Select>
          </Field>
          <div className="sm:col-span-2">
            <JsonField id="rule-query" label="Query" value={values.query} onChange={set("query")} error={shown.query} hint="kind aggregate (measurement, field, aggregate, where, groupBy, window) or ratio (numerator, denominator, groupBy, window)" />
          </div>
          <Field id="rule-comparison" label="Fires when the value is" error={shown.comparison}>
            <Select id="rule-comparison" value={values.comparison} onChange={(event) => set("comparison")(event.target.value)}>
              {comparisonSchema.options.map((comparison) => (
                <option key={comparison}>{comparison}</option>
              ))}
            </Select>
          </Field>
          <TextField id="rule-threshold" label="Threshold" inputMode="decimal" value={values.threshold} onChange={set("threshold")} error={shown.threshold} hint="Ratios as fractions: 0.05 for 5 %" />
          <TextField id="rule-for" label="For" value={values.for} onChange={set("for")} error={shown.for} hint="Pending this long before firing: 30s, 5m, 1h" />
          <TextField id="rule-keep-firing" label="Keep firing for" value={values.keepFiringFor} onChange={set("keepFiringFor")} error={shown.keepFiringFor} hint="Against flapping; 0s for none" />
          <TextField id="rule-summary" label="Summary" value={values.summary} onChange={set("summary")} error={shown.summary} hint="{{ $labels.endpoint }} is replaced per series" />
          <TextField id="rule-runbook" label="Runbook" value={values.runbook} onChange={set("runbook")} error={shown.runbook} hint="A runbook slug, attached to the incident" />
          <div className="sm:col-span-2">
            <TextField id="rule-description" label="Description" value={values.description} onChange={set("description")} error={shown.description} hint="Where the threshold comes from" />
          </div>
          <label className="flex items-center gap-2 text-sm sm:col-span-2">
            <input type="checkbox" checked={values.enabled} onChange={(event) => setValues({ ...values, enabled: event.target.checked })} /> Enabled
          </label>
          {server.message ? <ErrorState className="sm:col-span-2" title="The rule was not saved" message={server.message} /> : null}
          <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
            <Button type="submit" disabled={save.isPending || !permission.allowed} aria-describedby={permission.allowed ? undefined : "rule-save-not-allowed"}>
              {save.isPending ? "Saving…" : rule ? "Save rule" : "Create rule"}
            </Button>
            <Link href={cancelHref} className={buttonClasses({ variant: "secondary" })}>
              Cancel
            </Link>
            <NotAllowedReason permission={permission} id="rule-save-not-allowed" />
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
