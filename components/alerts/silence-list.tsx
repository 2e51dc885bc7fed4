"use client";

import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { utc } from "@/components/alerts/format";
import { useSilences } from "@/lib/alerts/hooks";
import type { silenceListSchema } from "@/lib/alerts/schemas";

export function SilenceList({ initial }: { initial: z.infer<typeof silenceListSchema> }) {
  const { data } = useSilences(initial);
  if (data.silences.length === 0) return <EmptyState title="No silences" description="Silenced alerts open no incidents and are not sent to Alertmanager." />;
  return (
    <Table label="Silences">
      <TableHead>
        <TableRow>
          <TableHeaderCell>Matchers</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Ends</TableHeaderCell>
          <TableHeaderCell>Who</TableHeaderCell>
          <TableHeaderCell>Why</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.silences.map((silence) => (
          <TableRow key={silence.id}>
            <TableCell className="font-mono text-xs">
              {silence.matchers.map((matcher) => `${matcher.name}${matcher.isEqual ? "" : "!"}${matcher.isRegex ? "=~" : "="}"${matcher.value}"`).join(", ")}
            </TableCell>
            <TableCell>
              <Badge tone={silence.status === "active" ? "warn" : "neutral"}>{silence.status}</Badge>
            </TableCell>
            <TableCell className="whitespace-nowrap">{utc(silence.endsAt)}</TableCell>
            <TableCell>{silence.createdBy}</TableCell>
            <TableCell>{silence.comment}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
