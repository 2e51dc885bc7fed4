import type { FeatureFlag } from "@/lib/flags/schemas";

/** The rollout as a bar; the text beside it carries the number (the bar only repeats it). */
export function RolloutBar({ flag }: { flag: FeatureFlag }) {
  const share = flag.enabled ? flag.rolloutPercentage : 0;
  return (
    <div className="flex min-w-32 items-center gap-2">
      <div className="h-2 flex-1 overflow-hidden rounded-full bg-surface-muted" aria-hidden="true">
        <div className={flag.enabled ? "h-full bg-accent" : "h-full bg-muted"} style={{ width: `${share}%` }} />
      </div>
      <span className="w-20 text-right text-sm tabular-nums">{flag.enabled ? `${flag.rolloutPercentage} %` : "off"}</span>
    </div>
  );
}
