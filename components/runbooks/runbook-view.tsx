import Link from "next/link";
import { RunbookMarkdown } from "@/components/runbooks/markdown";
import { StandaloneChecklist } from "@/components/runbooks/standalone-checklist";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { Role } from "@/lib/auth/roles";
import type { Runbook } from "@/lib/runbooks/schemas";

/** One runbook page: symptoms and cause first, then the steps as a checklist, then what to watch. */
export function RunbookView({ runbook, role }: { runbook: Runbook; role: Role }) {
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={runbook.title}
        description={runbook.summary}
        actions={
          <Link href="/runbooks" className="text-sm text-accent hover:underline">
            All runbooks
          </Link>
        }
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Symptoms</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="list-disc space-y-1 pl-5 text-sm">
              {runbook.symptoms.map((symptom) => (
                <li key={symptom}>{symptom}</li>
              ))}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Root cause</CardTitle>
          </CardHeader>
          <CardContent>
            <RunbookMarkdown>{runbook.rootCause}</RunbookMarkdown>
          </CardContent>
        </Card>
      </div>

      <h2 className="mt-8 mb-3 text-lg font-semibold" id="steps">
        Steps
      </h2>
      <StandaloneChecklist runbook={runbook} role={role} />

      <div className="mt-8 grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Monitoring</CardTitle>
          </CardHeader>
          <CardContent>
            <RunbookMarkdown>{runbook.monitoring}</RunbookMarkdown>
          </CardContent>
        </Card>
        {runbook.related.length > 0 ? (
          <Card>
            <CardHeader>
              <CardTitle>See also</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="space-y-1 text-sm">
                {runbook.related.map((link) => (
                  <li key={link.href}>
                    <Link href={link.href} className="text-accent underline underline-offset-2">
                      {link.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
