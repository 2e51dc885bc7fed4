"use client";

import { FormattedTime } from "@/components/health/formatted-time";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useFlagHistory } from "@/lib/flags/hooks";
import type { FlagHistoryEntry } from "@/lib/flags/schemas";

const FIELDS = ["enabled", "rolloutPercentage", "targetUsers", "targetEnvironments", "metadata", "description", "archived"] as const;

/** "rolloutPercentage 10 → 50" for the fields an entry changed. */
function summary(entry: FlagHistoryEntry): string {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (!entry.before) return "created";
  const changes = FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map(
    (field) => `${field} ${JSON.stringify(before[field])} → ${JSON.stringify(after[field])}`,
  );
  return changes.join("; ") || "no field changed";
}

export function FlagHistory({ name }: { name: string }) {
  const history = useFlagHistory(name);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Change history</CardTitle>
      </CardHeader>
      <CardContent>
        {history.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : history.isError ? (
          <ErrorState message={history.error.message} />
        ) : (
          <ol className="flex flex-col gap-2 text-sm" aria-label="Changes, newest first">
            {history.data.map((entry) => (
              <li key={entry.id} className="border-b border-border pb-2 last:border-0">
                <p>
                  <span className="font-medium">{entry.action.replace("flag.", "")}</span> by {entry.actor} · <FormattedTime iso={entry.at} />
                </p>
                <p className="break-words text-muted">{summary(entry)}</p>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
