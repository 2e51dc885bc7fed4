"use client";

import { Button } from "@/components/ui/button";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { type OptimisticCallbacks, useSetEnabled } from "@/lib/flags/hooks";

/** Turns the flag off for everyone at once (targets and rollout are kept for when it comes back). */
export function KillSwitch({ flag, callbacks }: { flag: FeatureFlag; callbacks: OptimisticCallbacks & { onToggled: (enabled: boolean) => void } }) {
  const { setEnabled, isPending } = useSetEnabled(flag, {
    onRolledBack: callbacks.onRolledBack,
    onSaved: (_before, after) => callbacks.onToggled(after.enabled),
  });
  return flag.enabled ? (
    <Button variant="danger" disabled={isPending} onClick={() => setEnabled(false)}>
      Kill switch: disable
    </Button>
  ) : (
    <Button disabled={isPending} onClick={() => setEnabled(true)}>
      Enable
    </Button>
  );
}
