import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePerson } from "@/lib/auth/current-person";
import { incidentPath, parseTab } from "@/lib/incidents/links";
import { incidentIdForFingerprint } from "@/lib/incidents/reads";

export const metadata: Metadata = { title: "Incident for an alert" };

/**
 * The link an alert notification carries (`/incidents/by-fingerprint/{{ .Fingerprint }}`): it opens
 * the incident holding that alert, on the tab asked for and marking that alert (on the runbook tab,
 * its own runbook comes first), or says plainly that it has not arrived.
 */
export default async function IncidentByFingerprintPage({
  params,
  searchParams,
}: {
  params: Promise<{ fingerprint: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePerson();
  const fingerprint = decodeURIComponent((await params).fingerprint);
  const id = fingerprint.length <= 200 ? await incidentIdForFingerprint(fingerprint) : null;
  if (id !== null) redirect(incidentPath(id, parseTab((await searchParams).tab), fingerprint));
  return (
    <>
      <PageHeader title="No incident for this alert yet" description={<span className="font-mono break-all">fingerprint {fingerprint}</span>} />
      <EmptyState
        title="This alert has not reached Opsdeck"
        description="The notification may have gone out before the webhook delivered it, or the webhook is not configured for this receiver. Reload in a moment, or look through the open incidents."
        action={<Link href="/incidents?status=open">Open incidents</Link>}
      />
    </>
  );
}
