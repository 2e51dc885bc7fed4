import type { Metadata } from "next";
import { NeedsRole } from "@/components/auth/needs-role";
import { PeopleTable } from "@/components/people/people-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";
import { can } from "@/lib/api/access";
import { peopleEndpoints } from "@/lib/people/endpoints";
import { listPeople } from "@/lib/people/service";

export const metadata: Metadata = { title: "People" };
export const dynamic = "force-dynamic";

export default async function PeoplePage() {
  const person = await requirePerson();
  const permission = can(person.role, peopleEndpoints.list);
  if (!permission.allowed) return <NeedsRole title="People" permission={permission} actual={person.role} />;
  return (
    <>
      <PageHeader title="People" description="Everyone who has signed in, most recently seen first. Roles come from identity-provider groups at each sign-in; ending someone's sessions signs them out everywhere." />
      <PeopleTable people={await listPeople()} />
    </>
  );
}
