import { Badge } from "@/components/ui/badge";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { isStale } from "@/lib/flags/view";

export function FlagStateBadges({ flag }: { flag: FeatureFlag }) {
  return (
    <span className="flex flex-wrap gap-1">
      {flag.enabled ? <Badge tone="ok">enabled</Badge> : <Badge tone="danger">disabled</Badge>}
      {isStale(flag) ? (
        <Badge tone="warn" title="Fully rolled out and unchanged for 30 days: consider removing the flag from the code">
          stale
        </Badge>
      ) : null}
      {flag.targetEnvironments.map((env) => (
        <Badge key={env}>{env}</Badge>
      ))}
    </span>
  );
}
