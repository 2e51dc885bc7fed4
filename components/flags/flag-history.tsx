"use client";

import { FormattedTime } from "@/components/ui/time-zone";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useFlagHistory } from "@/lib/flags/hooks";
import { describeFlagChange } from "@/lib/flags/change-words";

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
                <p className="break-words font-medium">{describeFlagChange(entry.before, entry.after).join("; ")}</p>
                <p className="text-muted">
                  by {entry.actor} · <FormattedTime iso={entry.at} />
                </p>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
