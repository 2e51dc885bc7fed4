import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { Permission } from "@/lib/api/access";
import type { Role } from "@/lib/auth/roles";

/** What a signed-in person sees on a page whose endpoint `can()` refused them. */
export function NeedsRole({ title, permission, actual }: { title: string; permission: Extract<Permission, { allowed: false }>; actual: Role }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title={`This page: ${permission.reason.charAt(0).toLowerCase()}${permission.reason.slice(1)}`} description={`You are signed in as ${actual}. Ask an admin if you need access.`} />
    </>
  );
}
