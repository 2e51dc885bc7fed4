import Link from "next/link";
import { Icon } from "@/components/ui/icon";

/** The small "Runbook" link shown where a runbook's symptom shows (a chart, the trace page). */
export function RunbookLink({ slug, label = "Runbook" }: { slug: string; label?: string }) {
  return (
    <Link
      href={`/runbooks/${slug}`}
      className="inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-accent hover:bg-surface-muted hover:underline"
      data-runbook={slug}
    >
      <Icon name="runbooks" className="size-3.5" />
      {label}
    </Link>
  );
}
