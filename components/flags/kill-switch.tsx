"use client";

import { useId, useRef, useState } from "react";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { flagEndpoints } from "@/lib/flags/endpoints";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { type OptimisticCallbacks, useSetEnabled } from "@/lib/flags/hooks";

/**
 * Turns the flag off for everyone at once (targets and rollout are kept for when it comes back).
 * Killing is one press — it is what an incident needs; bringing a killed flag back is confirmed,
 * saying whom it reaches again.
 */
export function KillSwitch({ flag, callbacks }: { flag: FeatureFlag; callbacks: OptimisticCallbacks & { onToggled: (enabled: boolean) => void } }) {
  const [confirming, setConfirming] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const reasonId = useId();
  const permission = useCan(flagEndpoints.update);
  const { setEnabled, isPending } = useSetEnabled(flag, {
    onRolledBack: callbacks.onRolledBack,
    onSaved: (_before, after) => callbacks.onToggled(after.enabled),
  });
  const disabled = isPending || !permission.allowed;
  const describedBy = permission.allowed ? undefined : reasonId;
  const reach = [
    `${flag.rolloutPercentage} % of users`,
    flag.targetUsers.length ? `${flag.targetUsers.length} targeted user(s)` : null,
    flag.excludedUsers.length ? `except ${flag.excludedUsers.length} excluded user(s)` : null,
    flag.targetEnvironments.length ? `in ${flag.targetEnvironments.join(", ")}` : "in every environment",
  ].filter(Boolean);
  return (
    <div className="flex flex-col items-end gap-1">
      {flag.enabled ? (
        <Button ref={button} variant="danger" disabled={disabled} aria-describedby={describedBy} onClick={() => setEnabled(false)}>
          Kill switch: disable
        </Button>
      ) : (
        <Button ref={button} disabled={disabled} aria-describedby={describedBy} aria-haspopup="dialog" onClick={() => setConfirming(true)}>
          Enable
        </Button>
      )}
      <NotAllowedReason permission={permission} id={reasonId} />
      <ConfirmDialog
        open={confirming}
        title={`Enable ${flag.name} again?`}
        confirmLabel="Enable"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          setEnabled(true);
          button.current?.focus();
        }}
      >
        <p>It was killed; enabling it serves it again to {reach.join(", ")}.</p>
      </ConfirmDialog>
    </div>
  );
}
