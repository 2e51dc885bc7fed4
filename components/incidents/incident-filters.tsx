import { FilterActions } from "@/components/ui/filter-actions";
import { inputClasses } from "@/components/ui/input-classes";
import { INCIDENT_STATUSES, SEVERITIES } from "@/lib/incidents/schemas";

/** A plain GET form: the filters land in the URL, so a filtered list is a link to share. */
export function IncidentFilters({ values }: { values: Record<string, string> }) {
  const select = (name: string, label: string, options: readonly string[]) => (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <select name={name} defaultValue={values[name] ?? ""} className={inputClasses}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
  const date = (name: string, label: string) => (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <input name={name} type="datetime-local" defaultValue={values[name]?.slice(0, 16) ?? ""} className={inputClasses} />
    </label>
  );
  return (
    <form method="get" action="/incidents" aria-label="Incident filters" className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
      {select("status", "Status", INCIDENT_STATUSES)}
      {select("severity", "Severity", SEVERITIES)}
      {date("from", "Opened from (UTC)")}
      {date("to", "Opened until (UTC)")}
      <FilterActions clearHref="/incidents" />
    </form>
  );
}
