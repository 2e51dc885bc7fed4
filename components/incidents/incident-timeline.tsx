import Link from "next/link";
import { FormattedTime } from "@/components/ui/time-zone";
import { EmptyState } from "@/components/ui/empty-state";
import type { TimelineEntry } from "@/lib/incidents/schemas";

const KIND_LABELS: Record<TimelineEntry["kind"], string> = {
  incident_opened: "Opened",
  alert_firing: "Alert",
  alert_resolved: "Alert",
  all_alerts_resolved: "Alerts",
  status_changed: "Status",
  field_changed: "Change",
  runbook_attached: "Runbook",
  step_checked: "Check",
  step_unchecked: "Check",
  note: "Note",
  flag_change: "Flag",
  cache_invalidation: "Cache",
  unlock: "Unlock",
  config_change: "Config",
};

/** The merged timeline, oldest first; shared by the incident page and its review. */
export function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <EmptyState title="Nothing on the timeline yet" />;
  return (
    <ol className="relative flex flex-col gap-3 border-l border-border pl-4" aria-label="Incident timeline">
      {entries.map((entry) => (
        <li key={entry.id} className="break-inside-avoid" data-kind={entry.kind}>
          <div className="flex flex-wrap items-baseline gap-x-2 text-xs text-muted">
            <FormattedTime iso={entry.at} />
            <span className="rounded border border-border px-1 uppercase">{KIND_LABELS[entry.kind]}</span>
            <span>by {entry.actor}</span>
          </div>
          <p className="text-sm font-medium break-words">
            {entry.href ? (
              <Link href={entry.href} className="underline underline-offset-2">
                {entry.title}
              </Link>
            ) : (
              entry.title
            )}
          </p>
          {entry.detail ? <p className="text-sm break-words whitespace-pre-wrap text-muted">{entry.detail}</p> : null}
        </li>
      ))}
    </ol>
  );
}
