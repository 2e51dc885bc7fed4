"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { flagEndpoints } from "@/lib/flags/endpoints";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { type OptimisticCallbacks, useSetRollout } from "@/lib/flags/hooks";
import { needsConfirmation, ROLLOUT_STEPS, rolloutHeadline } from "@/lib/flags/view";

/**
 * The rollout slider: arrow keys move it by 1, Page Up/Down by 10 (native range input); the
 * seed's stages are one click away. Large jumps wait for a confirmation showing who is affected,
 * and the slider stays where it was dragged until then. Focus returns to the slider afterwards,
 * and the change's toast (`toast`, with its Undo) sits right after the slider, one Tab away.
 */
export function RolloutControl({
  flag,
  callbacks,
  toast,
}: {
  flag: FeatureFlag;
  callbacks: OptimisticCallbacks & { onChanged: (from: number, to: number) => void };
  toast?: ReactNode;
}) {
  const [draft, setDraft] = useState<number | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const slider = useRef<HTMLInputElement>(null);
  const reasonId = useId();
  const permission = useCan(flagEndpoints.update);
  const { setRollout, isPending } = useSetRollout(flag, {
    onRolledBack: callbacks.onRolledBack,
    onSaved: (before, after) => callbacks.onChanged(before.rolloutPercentage, after.rolloutPercentage),
  });
  const current = flag.rolloutPercentage;
  const value = pending ?? draft ?? current;
  const disabled = isPending || !permission.allowed;
  // Focus goes back to the slider once the dialog has closed (the dialog's own effect runs first and
  // hands focus to the button that opened it, which may be gone). The slider is never disabled while
  // a change is saving: a disabled element drops focus to the page body.
  const refocus = useRef(false);
  useEffect(() => {
    if (refocus.current && pending === null) {
      refocus.current = false;
      slider.current?.focus();
    }
  });

  const apply = (to: number) => {
    setDraft(null);
    setPending(null);
    setRollout(to);
    refocus.current = true;
  };
  const request = (to: number) => {
    if (to === current) {
      setDraft(null);
      return;
    }
    if (needsConfirmation(current, to)) setPending(to);
    else apply(to);
  };
  const cancel = () => {
    setPending(null);
    setDraft(null);
    refocus.current = true;
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Rollout</CardTitle>
        <p className="text-2xl font-semibold tabular-nums" aria-live="polite">
          {rolloutHeadline(flag)}
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <label className="flex flex-col gap-2 text-sm">
          <span>Share of users who get the flag (bucketed by user id){flag.enabled ? "" : " — applies when the flag is enabled again"}</span>
          <input
            ref={slider}
            type="range"
            min={0}
            max={100}
            step={1}
            value={value}
            disabled={!permission.allowed}
            aria-busy={isPending}
            aria-describedby={permission.allowed ? undefined : reasonId}
            aria-valuetext={`${value} percent`}
            onChange={(event) => {
              if (!isPending) setDraft(Number(event.target.value));
            }}
            className="w-full accent-[var(--color-accent)] disabled:opacity-50"
          />
        </label>
        {toast}
        <div className="flex flex-wrap items-center gap-2">
          {ROLLOUT_STEPS.map((step) => (
            <Button
              key={step}
              variant={step === current ? "primary" : "secondary"}
              size="sm"
              aria-pressed={step === current}
              disabled={disabled}
              aria-describedby={permission.allowed ? undefined : reasonId}
              onClick={() => request(step)}
            >
              {step} %
            </Button>
          ))}
          {draft !== null && draft !== current ? (
            <Button size="sm" onClick={() => request(draft)} disabled={disabled}>
              Apply {draft} %
            </Button>
          ) : null}
          <NotAllowedReason permission={permission} id={reasonId} />
        </div>
        <ConfirmDialog
          open={pending !== null}
          title={`Change the rollout from ${current} % to ${pending ?? current} %?`}
          confirmLabel={`Confirm ${pending ?? current} %`}
          onConfirm={() => pending !== null && apply(pending)}
          onCancel={cancel}
        >
          {pending !== null ? (
            <p>
              Before: {current} % of users (about {(current * 1_000).toLocaleString("en")} of every 100,000). After: {pending} % (about{" "}
              {(pending * 1_000).toLocaleString("en")}). {pending > current ? "Everyone who has it keeps it." : "Users above the new line lose it."}
            </p>
          ) : null}
        </ConfirmDialog>
      </CardContent>
    </Card>
  );
}
