import type { Metadata } from "next";
import { NeedsRole } from "@/components/auth/needs-role";
import { PeopleTable } from "@/components/people/people-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";
import { hasRole } from "@/lib/auth/roles";
import { listPeople } from "@/lib/people/service";

export const metadata: Metadata = { title: "People" };
export const dynamic = "force-dynamic";

export default async function PeoplePage() {
  const person = await requirePerson();
  if (!hasRole(person.role, "admin")) return <NeedsRole title="People" role="admin" actual={person.role} />;
  return (
    <>
      <PageHeader title="People" description="Everyone who has signed in, most recently seen first. Roles come from identity-provider groups at each sign-in; ending someone's sessions signs them out everywhere." />
      <PeopleTable people={await listPeople()} />
    </>
  );
}
