"use client";

import { Button } from "@/components/ui/button";
import { FormattedTime } from "@/components/ui/time-zone";

/** Auto-refresh state, visible: when the data was read and whether it is paused. */
export function RefreshControl({ paused, onToggle, updatedAt, fetching }: { paused: boolean; onToggle: () => void; updatedAt: number; fetching: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
      <span aria-live="polite">
        {fetching ? "Refreshing…" : paused ? "Auto-refresh paused" : "Auto-refresh every 30 s"} · as of <FormattedTime iso={new Date(updatedAt).toISOString()} />
      </span>
      <Button size="sm" variant="secondary" aria-pressed={paused} onClick={onToggle}>
        {paused ? "Resume auto-refresh" : "Pause auto-refresh"}
      </Button>
    </div>
  );
}
