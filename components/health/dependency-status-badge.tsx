import type { DependencyStatus } from "@/lib/health/schemas";
import { Badge, type Tone } from "@/components/ui/badge";
import { StatusDot } from "@/components/ui/status-dot";

const statusDisplay: Record<DependencyStatus, { tone: Tone; label: string }> = {
  ok: { tone: "ok", label: "OK" },
  degraded: { tone: "warn", label: "Degraded" },
  unavailable: { tone: "danger", label: "Unavailable" },
  not_configured: { tone: "neutral", label: "Not configured" },
};

export function DependencyStatusBadge({ status }: { status: DependencyStatus }) {
  const { tone, label } = statusDisplay[status];
  return (
    <Badge tone={tone}>
      <StatusDot tone={tone} />
      {label}
    </Badge>
  );
}
