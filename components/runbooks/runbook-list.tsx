import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { RunbookSummary } from "@/lib/runbooks/schemas";

/** Runbooks as cards: title, what it is for, the symptoms that lead to it. */
export function RunbookList({ runbooks, query }: { runbooks: RunbookSummary[]; query: string }) {
  if (runbooks.length === 0) {
    return (
      <EmptyState
        title={`No runbook matches “${query}”`}
        description="Try the symptom in other words (latency, lockout, cache, pool, errors, trace), or clear the search to see them all."
        action={
          <Link href="/runbooks" className="text-sm text-accent underline underline-offset-2">
            All runbooks
          </Link>
        }
      />
    );
  }
  return (
    <>
      <p className="mb-3 text-sm text-muted" aria-live="polite">
        {query ? `${runbooks.length} ${runbooks.length === 1 ? "runbook matches" : "runbooks match"} “${query}”, best first` : `${runbooks.length} runbooks`}
      </p>
      <ul className="grid gap-3 md:grid-cols-2" aria-label="Runbooks">
        {runbooks.map((runbook) => (
          <li key={runbook.slug} className="relative rounded-lg border border-border bg-surface p-4 focus-within:ring-2 focus-within:ring-accent hover:border-accent">
            <h2 className="font-semibold">
              <Link href={`/runbooks/${runbook.slug}`} className="after:absolute after:inset-0 focus:outline-none">
                {runbook.title}
              </Link>
            </h2>
            <p className="mt-1 text-sm text-muted">{runbook.summary}</p>
            <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm">
              {runbook.symptoms.slice(0, 3).map((symptom) => (
                <li key={symptom}>{symptom}</li>
              ))}
            </ul>
            {runbook.tags.length > 0 ? (
              <div className="mt-3 flex flex-wrap gap-1">
                {runbook.tags.map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
