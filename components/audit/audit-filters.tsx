import { FilterActions } from "@/components/ui/filter-actions";
import { inputClasses } from "@/components/ui/input-classes";


/** A plain GET form: the filters land in the URL, so a filtered view is a link to share. */
export function AuditFilters({ values }: { values: Record<string, string> }) {
  const field = (name: string, label: string, props: { type?: string; placeholder?: string } = {}) => (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <input name={name} defaultValue={values[name] ?? ""} className={inputClasses} {...props} />
    </label>
  );
  return (
    <form method="get" action="/audit" aria-label="Audit filters" className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
      {field("actor", "Actor", { placeholder: "name or id" })}
      {field("targetType", "Target type", { placeholder: "e.g. api_token" })}
      {field("from", "From (UTC)", { type: "datetime-local" })}
      {field("to", "To (UTC)", { type: "datetime-local" })}
      {values.targetId ? <input type="hidden" name="targetId" value={values.targetId} /> : null}
      <FilterActions clearHref="/audit" />
    </form>
  );
}
