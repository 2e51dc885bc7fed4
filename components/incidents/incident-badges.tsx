import { Badge, type Tone } from "@/components/ui/badge";
import type { IncidentStatus, Severity } from "@/lib/incidents/schemas";

const STATUS_TONES: Record<IncidentStatus, Tone> = { open: "danger", mitigated: "warn", resolved: "ok" };
const SEVERITY_TONES: Record<Severity, Tone> = { critical: "danger", high: "danger", warning: "warn", info: "neutral" };

export function StatusBadge({ status }: { status: IncidentStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{status}</Badge>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={SEVERITY_TONES[severity]}>{severity}</Badge>;
}
