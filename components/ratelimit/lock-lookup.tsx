"use client";

import { type FormEvent, useId, useRef, useState } from "react";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { FormattedTime } from "@/components/ui/time-zone";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Field, Input } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { useLoginState, useUnlock } from "@/lib/ratelimit/hooks";
import { emailSchema } from "@/lib/ratelimit/schemas";
import { useUrlParam } from "@/lib/ui/url-state";

/** Seed 000's false-positive runbook on one card: look an email up, see why it is locked, unlock it. */
export function LockLookup() {
  const [email, setEmail] = useUrlParam("email");
  const [draft, setDraft] = useState(email ?? "");
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = emailSchema.safeParse(draft);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "not an email address");
      return;
    }
    setError(null);
    void setEmail(parsed.data);
  }

  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle>Look up an email</CardTitle>
          <CardDescription>Lock state, reason and failed attempts; unlock a false positive.</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <form onSubmit={submit} className="flex flex-col gap-2 sm:flex-row sm:items-end" noValidate>
          <div className="grow">
            <Field id="lookup-email" label="Email" error={error ?? undefined}>
              <Input
                id="lookup-email"
                type="email"
                autoComplete="off"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "lookup-email-error" : undefined}
                placeholder="user@example.com"
              />
            </Field>
          </div>
          <Button type="submit" className={error ? "sm:mb-6" : undefined}>
            Look up
          </Button>
        </form>
        {email ? <LockState email={email} /> : null}
      </CardContent>
    </Card>
  );
}

function LockState({ email }: { email: string }) {
  const state = useLoginState(email);
  const unlock = useUnlock();
  const [confirming, setConfirming] = useState(false);
  const permission = useCan(rateLimitEndpoints.unlock);
  const reasonId = useId();
  const statusRef = useRef<HTMLParagraphElement>(null);
  if (state.isPending) return <Skeleton className="h-24" aria-label="Loading the lock state" />;
  if (state.isError) {
    return <ErrorState title={`Could not read the lock state of ${email}`} message={state.error.message} action={<Button variant="secondary" onClick={() => void state.refetch()}>Retry</Button>} />;
  }
  const view = state.data;
  return (
    <section aria-label={`Lock state of ${email}`} className="flex flex-col gap-3 rounded-lg border border-border p-4">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm break-all">{email}</span>
        {view.isLocked ? <Badge tone="danger">Locked</Badge> : <Badge tone="ok">Not locked</Badge>}
      </div>
      <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-muted">Failed attempts</dt>
          <dd className="text-lg font-semibold tabular-nums">{view.failedAttempts}</dd>
        </div>
        <div>
          <dt className="text-muted">Reason</dt>
          <dd>{view.reason ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-muted">Locked until</dt>
          <dd>{view.lockedUntil ? <FormattedTime iso={view.lockedUntil} /> : "—"}</dd>
        </div>
      </dl>
      {unlock.data && unlock.data.email === email ? (
        <p ref={statusRef} tabIndex={-1} role="status" className="text-sm">
          {unlock.data.message}
        </p>
      ) : null}
      {unlock.isError ? <ErrorState title="Could not unlock" message={unlock.error.message} /> : null}
      {view.isLocked ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="secondary"
            disabled={!permission.allowed || unlock.isPending}
            aria-describedby={permission.allowed ? undefined : reasonId}
            aria-haspopup="dialog"
            onClick={() => setConfirming(true)}
          >
            {unlock.isPending ? "Unlocking…" : "Unlock…"}
          </Button>
          <NotAllowedReason permission={permission} id={reasonId} />
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        tone="danger"
        title={`Unlock ${email}?`}
        confirmLabel="Confirm unlock"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          unlock.mutate(email, { onSettled: () => statusRef.current?.focus() });
        }}
      >
        <p>Their failed attempts are cleared and they can sign in again at once. This is recorded in the audit log.</p>
      </ConfirmDialog>
    </section>
  );
}
