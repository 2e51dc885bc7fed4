import { formatResponseTime, responseTimes } from "@/lib/incidents/review";
import type { IncidentDetail, Severity } from "@/lib/incidents/schemas";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Seed 003's on-call response targets: critical acknowledged within 15 minutes and resolved within
 * 4 hours; high 1 h / 24 h; medium 4 h / 3 days. Opsdeck's severities follow Alertmanager's labels,
 * so seed 003's "medium" is `warning`; `info` has no target.
 */
export const ON_CALL_TARGETS: Partial<Record<Severity, { acknowledgeMs: number; resolveMs: number }>> = {
  critical: { acknowledgeMs: 15 * MINUTE, resolveMs: 4 * HOUR },
  high: { acknowledgeMs: HOUR, resolveMs: 24 * HOUR },
  warning: { acknowledgeMs: 4 * HOUR, resolveMs: 72 * HOUR },
};

/** met/missed once the step happened; pending while it can still be met; missed once the target passed without it. */
export type TargetState = "met" | "missed" | "pending";

export interface TargetCheck {
  targetMs: number;
  /** Time from the incident's start to the step, or null while it has not happened. */
  tookMs: number | null;
  state: TargetState;
}

export interface OnCallVerdict {
  severity: Severity;
  acknowledge: TargetCheck;
  resolve: TargetCheck;
}

function check(targetMs: number, tookMs: number | null, elapsedMs: number): TargetCheck {
  if (tookMs !== null) return { targetMs, tookMs, state: tookMs <= targetMs ? "met" : "missed" };
  return { targetMs, tookMs, state: elapsedMs > targetMs ? "missed" : "pending" };
}

/**
 * The incident against its severity's targets, timed from its start (its first alert, or its
 * opening, as the review's response times are); null for a severity without targets.
 */
export function onCallVerdict(
  incident: Pick<IncidentDetail, "severity" | "createdAt" | "acknowledgedAt" | "mitigatedAt" | "resolvedAt" | "alerts">,
  nowMs: number,
): OnCallVerdict | null {
  const target = ON_CALL_TARGETS[incident.severity];
  if (!target) return null;
  const times = responseTimes(incident);
  const elapsed = Math.max(0, nowMs - Date.parse(times.startedAt));
  return {
    severity: incident.severity,
    acknowledge: check(target.acknowledgeMs, times.toAcknowledge, elapsed),
    resolve: check(target.resolveMs, times.toResolve, elapsed),
  };
}

/** "12 min 30 s (target 15 min 00 s): met", or "not yet (target 4 h 00 min): pending". */
export function describeTargetCheck(result: TargetCheck): string {
  const took = result.tookMs === null ? "not yet" : formatResponseTime(result.tookMs);
  return `${took} (target ${formatResponseTime(result.targetMs)}): ${result.state}`;
}
