import type { Metadata } from "next";
import { NewRecordLink } from "@/components/alerts/record-actions";
import { SloEditor } from "@/components/alerts/slo-editor";
import { SloTable } from "@/components/alerts/slo-table";
import { navItem } from "@/components/shell/nav-items";
import { PageHeader } from "@/components/ui/page-header";
import { listSlos } from "@/lib/alerts/service";
import { requirePerson } from "@/lib/auth/current-person";

const area = navItem("/slos");

export const metadata: Metadata = { title: area.label };
export const dynamic = "force-dynamic";

export default async function SlosPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePerson();
  const creating = (await searchParams).edit === "new";
  return (
    <>
      <PageHeader
        title="SLOs"
        description={
          <>
            Error budgets over rolling windows and the SRE workbook&apos;s burn-rate alerts (page at 14.4× over 1 h and 5 min or 6× over 6 h and 30 min;
            ticket at 1× over 3 days and 6 h). As OpenSLO:{" "}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a YAML document from the API, not a page */}
            <a className="text-accent underline" href="/api/admin/slos/openslo">/api/admin/slos/openslo</a>.
          </>
        }
        actions={<NewRecordLink what="SLO" href="/slos?edit=new" />}
      />
      {creating ? <SloEditor /> : null}
      <SloTable initial={await listSlos()} />
    </>
  );
}
