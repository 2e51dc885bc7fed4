import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** An unknown runbook slug, inside the console: a way back to the list and its search. */
export default function RunbookNotFound() {
  return (
    <>
      <PageHeader title="Runbook not found" />
      <EmptyState
        title="No runbook has this name"
        description="The link may be old or mistyped. Search the runbooks by the symptom you see instead."
        action={
          <Link href="/runbooks" className={buttonClasses({ variant: "primary" })}>
            All runbooks
          </Link>
        }
      />
    </>
  );
}
