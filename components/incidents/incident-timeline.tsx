"use client";

import Link from "next/link";
import { useQueryStates } from "nuqs";
import { FormattedTime } from "@/components/ui/time-zone";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import type { TimelineEntry } from "@/lib/incidents/schemas";
import { filterTimeline, timelineFacets, type TimelineFilters } from "@/lib/incidents/timeline";
import { stringParsers, URL_STATE_OPTIONS } from "@/lib/ui/url-state";

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

const FILTER_KEYS = ["scope", "service", "flag", "person"] as const;
const filterParsers = stringParsers(FILTER_KEYS);

/**
 * The merged timeline, oldest first; shared by the incident page and its review. Filters (in the
 * URL, so a filtered timeline is a link) narrow it to the incident's own entries or the changes
 * elsewhere, to one of its services, one of the flags changed, or one person.
 */
export function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  const [raw, setRaw] = useQueryStates(filterParsers, URL_STATE_OPTIONS);
  const facets = timelineFacets(entries);
  const filters: TimelineFilters = {
    scope: raw.scope === "incident" || raw.scope === "elsewhere" ? raw.scope : undefined,
    service: raw.service && facets.services.includes(raw.service) ? raw.service : undefined,
    flag: raw.flag && facets.flags.includes(raw.flag) ? raw.flag : undefined,
    person: raw.person && facets.people.includes(raw.person) ? raw.person : undefined,
  };
  const shown = filterTimeline(entries, filters);
  if (entries.length === 0) return <EmptyState title="Nothing on the timeline yet" />;
  const filter = (key: (typeof FILTER_KEYS)[number], label: string, options: { value: string; label: string }[]) => (
    <label className="flex min-w-0 flex-col gap-1 text-xs text-muted">
      {label}
      <Select className="h-9" value={filters[key] ?? ""} onChange={(event) => void setRaw({ [key]: event.target.value || null })}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </label>
  );
  const each = (values: string[]) => values.map((value) => ({ value, label: value }));
  return (
    <div className="flex flex-col gap-3">
      <form className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Filter the timeline" data-no-print onSubmit={(event) => event.preventDefault()}>
        {filter("scope", "What", [
          { value: "incident", label: "This incident" },
          { value: "elsewhere", label: "Changes elsewhere" },
        ])}
        {filter("service", "Service", each(facets.services))}
        {filter("flag", "Flag", each(facets.flags))}
        {filter("person", "Person", each(facets.people))}
      </form>
      <p className="text-xs text-muted" aria-live="polite" data-testid="timeline-count">
        {shown.length === entries.length ? `${entries.length} entries` : `${shown.length} of ${entries.length} entries`}
      </p>
      <ol className="relative flex flex-col gap-3 border-l border-border pl-4" aria-label="Incident timeline">
        {shown.map((entry) => (
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
    </div>
  );
}
