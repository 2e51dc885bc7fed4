"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { type OptimisticCallbacks, useSetRollout } from "@/lib/flags/hooks";
import { needsConfirmation, ROLLOUT_STEPS } from "@/lib/flags/view";

/**
 * The rollout slider: arrow keys move it by 1, Page Up/Down by 10 (native range input); the
 * seed's stages are one click away. Large jumps wait for a confirmation showing who is affected.
 */
export function RolloutControl({ flag, callbacks }: { flag: FeatureFlag; callbacks: OptimisticCallbacks & { onChanged: (from: number, to: number) => void } }) {
  const [draft, setDraft] = useState<number | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const { setRollout, isPending } = useSetRollout(flag, {
    onRolledBack: callbacks.onRolledBack,
    onSaved: (before, after) => callbacks.onChanged(before.rolloutPercentage, after.rolloutPercentage),
  });
  const current = flag.rolloutPercentage;
  const value = draft ?? current;

  const request = (to: number) => {
    setDraft(null);
    if (to === current) return;
    if (needsConfirmation(current, to)) setPending(to);
    else setRollout(to);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Rollout</CardTitle>
        <p className="text-2xl font-semibold tabular-nums" aria-live="polite">
          {current} %
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <label className="flex flex-col gap-2 text-sm">
          <span>Share of users who get the flag (bucketed by user id)</span>
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            value={value}
            aria-valuetext={`${value} percent`}
            onChange={(event) => setDraft(Number(event.target.value))}
            className="w-full accent-[var(--color-accent)]"
          />
        </label>
        <div className="flex flex-wrap items-center gap-2">
          {ROLLOUT_STEPS.map((step) => (
            <Button key={step} variant={step === current ? "primary" : "secondary"} size="sm" aria-pressed={step === current} disabled={isPending} onClick={() => request(step)}>
              {step} %
            </Button>
          ))}
          {draft !== null && draft !== current ? (
            <Button size="sm" onClick={() => request(draft)} disabled={isPending}>
              Apply {draft} %
            </Button>
          ) : null}
        </div>
        {pending !== null ? (
          <div role="alertdialog" aria-labelledby="confirm-rollout" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            <p id="confirm-rollout" className="font-medium">
              Change the rollout from {current} % to {pending} %?
            </p>
            <p className="mt-1 text-sm">
              Before: {current} % of users (about {(current * 1_000).toLocaleString("en")} of every 100,000). After: {pending} % (about{" "}
              {(pending * 1_000).toLocaleString("en")}). {pending > current ? "Everyone who has it keeps it." : "Users above the new line lose it."}
            </p>
            <div className="mt-2 flex gap-2">
              <Button size="sm" onClick={() => { setRollout(pending); setPending(null); }}>
                Confirm {pending} %
              </Button>
              <Button size="sm" variant="secondary" onClick={() => setPending(null)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
