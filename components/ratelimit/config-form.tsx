"use client";

import { type FormEvent, useState } from "react";
import { FormattedTime } from "@/components/ui/time-zone";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Field, Input, Select } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiClientError } from "@/lib/api/client";
import { PLANS, type RateLimitSettings, rateLimitConfigPatchSchema } from "@/lib/ratelimit/config";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { useRateLimitConfig, useUpdateRateLimitConfig } from "@/lib/ratelimit/hooks";

/** The form's fields: a path into the settings, its label and its hint. */
const NUMBER_FIELDS = [
  { name: "maxAttempts", label: "Failed attempts before a lock", hint: "1–100 (default: 5)" },
  { name: "attemptWindowMinutes", label: "Counted within (minutes)", hint: "1–1440" },
  { name: "lockDurationMinutes", label: "Lock duration (minutes)", hint: "1–10080" },
  { name: "defaultRouteLimit.requestsPerMinute", label: "API requests a minute per route", hint: "Per caller (default: 100)" },
  { name: "defaultRouteLimit.burst", label: "API burst", hint: "On top of the rate (default: 20)" },
] as const;
type FieldName = (typeof NUMBER_FIELDS)[number]["name"] | "defaultPlan";

function valuesOf(settings: RateLimitSettings): Record<FieldName, string> {
  return {
    maxAttempts: String(settings.maxAttempts),
    attemptWindowMinutes: String(settings.attemptWindowMinutes),
    lockDurationMinutes: String(settings.lockDurationMinutes),
    "defaultRouteLimit.requestsPerMinute": String(settings.defaultRouteLimit.requestsPerMinute),
    "defaultRouteLimit.burst": String(settings.defaultRouteLimit.burst),
    defaultPlan: settings.defaultPlan,
  };
}

const asNumber = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

export function ConfigSection() {
  const config = useRateLimitConfig();
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle>Configuration</CardTitle>
          <CardDescription>
            {config.data ? (
              config.data.version === 0 ? (
                "The defaults apply (never changed)."
              ) : (
                <>
                  Version {config.data.version}, changed by {config.data.updatedBy} at {config.data.updatedAt ? <FormattedTime iso={config.data.updatedAt} /> : "—"}. Every instance applies a change at once.
                </>
              )
            ) : (
              "Lockout policy and API limits."
            )}
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {config.isPending ? (
          <Skeleton className="h-48" aria-label="Loading the configuration" />
        ) : config.isError ? (
          <ErrorState title="Could not load the configuration" message={config.error.message} />
        ) : (
          <ConfigForm settings={config.data.settings} />
        )}
      </CardContent>
    </Card>
  );
}

function ConfigForm({ settings }: { settings: RateLimitSettings }) {
  const update = useUpdateRateLimitConfig();
  const permission = useCan(rateLimitEndpoints.updateConfig);
  const [values, setValues] = useState(() => valuesOf(settings));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const patch = rateLimitConfigPatchSchema.safeParse({
      maxAttempts: asNumber(values.maxAttempts),
      attemptWindowMinutes: asNumber(values.attemptWindowMinutes),
      lockDurationMinutes: asNumber(values.lockDurationMinutes),
      defaultRouteLimit: { requestsPerMinute: asNumber(values["defaultRouteLimit.requestsPerMinute"]), burst: asNumber(values["defaultRouteLimit.burst"]) },
      defaultPlan: values.defaultPlan,
    });
    if (!patch.success) {
      setErrors(Object.fromEntries(patch.error.issues.map((issue) => [issue.path.join("."), issue.message.replace(/^Invalid input: /, "")])));
      return;
    }
    setErrors({});
    update.mutate(patch.data);
  }

  const serverError = update.error instanceof ApiClientError ? update.error.message : update.error?.message;
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {NUMBER_FIELDS.map((field) => {
          const id = `config-${field.name.replace(".", "-")}`;
          return (
            <Field key={field.name} id={id} label={field.label} hint={field.hint} error={errors[field.name]}>
              <Input
                id={id}
                inputMode="numeric"
                value={values[field.name]}
                onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                aria-invalid={errors[field.name] ? true : undefined}
                aria-describedby={errors[field.name] ? `${id}-error` : `${id}-hint`}
              />
            </Field>
          );
        })}
        <Field id="config-defaultPlan" label="Default plan (hourly quota)" hint="Callers without a plan of their own">
          <Select id="config-defaultPlan" value={values.defaultPlan} onChange={(event) => setValues({ ...values, defaultPlan: event.target.value })}>
            {PLANS.map((plan) => (
              <option key={plan} value={plan}>
                {plan} — {settings.plans[plan].toLocaleString("en")} an hour
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {serverError ? <ErrorState title="Not saved" message={serverError} /> : null}
      {update.isSuccess ? (
        <p role="status" className="text-sm">
          Saved as version {update.data.version}.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" aria-disabled={update.isPending} disabled={!permission.allowed} aria-describedby={permission.allowed ? undefined : "config-not-allowed"}>
          {update.isPending ? "Saving…" : "Save configuration"}
        </Button>
        <NotAllowedReason permission={permission} id="config-not-allowed" />
        <span className="text-xs text-muted">Recorded in the audit log. Per-route limits and token plans: POST /api/admin/ratelimit/config.</span>
      </div>
    </form>
  );
}
