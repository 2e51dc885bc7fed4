import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { Role } from "@/lib/auth/roles";

/** What a signed-in person sees on a page above their role. */
export function NeedsRole({ title, role, actual }: { title: string; role: Role; actual: Role }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title={`This page needs the ${role} role`} description={`You are signed in as ${actual}. Ask an admin if you need access.`} />
    </>
  );
}
