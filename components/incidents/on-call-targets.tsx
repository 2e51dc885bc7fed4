"use client";

import { useSyncExternalStore } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { describeTargetCheck, onCallVerdict, type TargetState } from "@/lib/incidents/on-call";
import type { IncidentDetail } from "@/lib/incidents/schemas";

const TONES: Record<TargetState, Tone> = { met: "ok", missed: "danger", pending: "neutral" };

const MINUTE = 60_000;
const currentMinute = () => Math.floor(Date.now() / MINUTE) * MINUTE;
const everyMinute = (onChange: () => void) => {
  const timer = setInterval(onChange, MINUTE);
  return () => clearInterval(timer);
};

/**
 * Seed 003's on-call targets for the incident's severity: time to acknowledge and to resolve, met
 * or missed. An open step turns from pending to missed as its target passes (re-read each minute).
 */
export function OnCallTargets({ incident }: { incident: IncidentDetail }) {
  const nowMs = useSyncExternalStore(everyMinute, currentMinute, currentMinute);
  const verdict = onCallVerdict(incident, nowMs);
  if (!verdict) return <p className="text-sm text-muted">No on-call target for {incident.severity} incidents.</p>;
  const row = (label: string, check: typeof verdict.acknowledge) => (
    <div className="flex flex-wrap items-center gap-2">
      <dt className="text-xs text-muted uppercase">{label}</dt>
      <dd className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={TONES[check.state]}>{check.state}</Badge>
        {describeTargetCheck(check)}
      </dd>
    </div>
  );
  return (
    <dl aria-label={`On-call targets (${verdict.severity})`} className="flex flex-col gap-1">
      {row("Acknowledge", verdict.acknowledge)}
      {row("Resolve", verdict.resolve)}
    </dl>
  );
}
