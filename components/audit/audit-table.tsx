import Link from "next/link";
import { FormattedTime } from "@/components/ui/time-zone";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import type { AuditPage } from "@/lib/audit/schemas";
import { auditTargetHref } from "@/lib/audit/targets";

function Change({ before, after }: { before: unknown; after: unknown }) {
  return (
    <details>
      <summary className="cursor-pointer text-sm text-accent">Before / after</summary>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {[
          ["Before", before],
          ["After", after],
        ].map(([label, value]) => (
          <div key={label as string} className="min-w-0">
            <p className="text-xs text-muted uppercase">{label as string}</p>
            <pre className="max-h-64 overflow-auto rounded bg-surface-muted p-2 text-xs">{value == null ? "—" : JSON.stringify(value, null, 2)}</pre>
          </div>
        ))}
      </div>
    </details>
  );
}

export function AuditTable({ page, filters }: { page: AuditPage; filters: Record<string, string> }) {
  if (page.entries.length === 0) return <EmptyState title="No audit entries match" description="Change or clear the filters." />;
  const older = page.nextCursor ? `/audit?${new URLSearchParams({ ...filters, cursor: page.nextCursor })}` : null;
  return (
    <div className="flex flex-col gap-4">
      <Table label="Audit entries" cards>
        <TableHead>
          <TableRow>
            <TableHeaderCell>When</TableHeaderCell>
            <TableHeaderCell>Actor</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
            <TableHeaderCell>Target</TableHeaderCell>
            <TableHeaderCell>Change</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {page.entries.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell label="When" className="whitespace-nowrap">
                <FormattedTime iso={entry.at} />
                {entry.requestId ? <span className="block font-mono text-xs text-muted">{entry.requestId}</span> : null}
              </TableCell>
              <TableCell label="Actor">
                <Link href={`/audit?${new URLSearchParams({ actor: entry.actor.id })}`} className="font-medium hover:underline">
                  {entry.actor.name}
                </Link>
                <span className="block text-xs text-muted">{entry.actor.type}</span>
              </TableCell>
              <TableCell label="Action">
                <Badge className="whitespace-normal">{entry.action}</Badge>
              </TableCell>
              <TableCell label="Target" className="break-all">
                <Link href={auditTargetHref(entry.target)} className="text-accent hover:underline">
                  {entry.target.type} {entry.target.id}
                </Link>
              </TableCell>
              <TableCell label="Change" className="min-w-48">
                <Change before={entry.before} after={entry.after} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {older ? (
        <Link href={older} className="self-start text-sm font-medium text-accent hover:underline">
          Older entries →
        </Link>
      ) : null}
    </div>
  );
}
