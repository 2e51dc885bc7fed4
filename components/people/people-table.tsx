import { FormattedTime } from "@/components/ui/time-zone";
import { EndSessionsButton } from "@/components/people/end-sessions-button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import type { PersonView } from "@/lib/people/schemas";

export function PeopleTable({ people }: { people: PersonView[] }) {
  if (people.length === 0) return <EmptyState title="Nobody has signed in yet" />;
  return (
    <Table label="People">
      <TableHead>
        <TableRow>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Role</TableHeaderCell>
          <TableHeaderCell>Groups</TableHeaderCell>
          <TableHeaderCell>Signed in with</TableHeaderCell>
          <TableHeaderCell>Last seen</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {people.map((person) => (
          <TableRow key={person.id}>
            <TableCell>
              <span className="font-medium">{person.name}</span>
              {person.email ? <span className="block text-muted">{person.email}</span> : null}
              {/* Under the name, not in a column of its own: the table must fit a 375 px phone. */}
              <div className="mt-1">
                <EndSessionsButton id={person.id} name={person.name} />
              </div>
            </TableCell>
            <TableCell>
              <Badge>{person.role}</Badge>
            </TableCell>
            <TableCell className="max-w-64 break-words">{person.groups.join(", ") || <span className="text-muted">none</span>}</TableCell>
            <TableCell>{person.provider === "dev" ? "development sign-in" : "single sign-on"}</TableCell>
            <TableCell className="whitespace-nowrap">
              <FormattedTime iso={person.lastSeenAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
