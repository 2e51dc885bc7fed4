import type { Metadata } from "next";
import { NewRecordLink } from "@/components/alerts/record-actions";
import { RuleDetail } from "@/components/alerts/rule-detail";
import { RuleEditor } from "@/components/alerts/rule-editor";
import { RuleTable } from "@/components/alerts/rule-table";
import { SilenceForm } from "@/components/alerts/silence-form";
import { SilenceList } from "@/components/alerts/silence-list";
import { navItem } from "@/components/shell/nav-items";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { idParamsSchema } from "@/lib/alerts/schemas";
import { getRule, listRules, listSilences } from "@/lib/alerts/service";
import { requirePerson } from "@/lib/auth/current-person";
import { hasRole } from "@/lib/auth/roles";

const area = navItem("/alerts");

export const metadata: Metadata = { title: area.label };
export const dynamic = "force-dynamic";

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const query = await searchParams;
  const selected = idParamsSchema.safeParse({ id: query.rule });
  const [rules, silences, detail] = await Promise.all([listRules(), listSilences(), selected.success ? getRule(selected.data.id).catch(() => null) : null]);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="The seeds' thresholds and your own rules, evaluated by Opsdeck against its metrics store."
        actions={<NewRecordLink what="rule" href="/alerts?edit=new" />}
      />
      {query.edit === "new" ? <RuleEditor /> : null}
      {detail && query.edit === "1" ? <RuleEditor key={`${detail.id}-${detail.version}`} rule={detail} /> : null}
      {detail ? <RuleDetail rule={detail} /> : null}
      <RuleTable initial={rules} />
      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-2">
        {hasRole(person.role, "operator") ? (
          <Card>
            <CardHeader>
              <CardTitle>Create a silence</CardTitle>
            </CardHeader>
            <CardContent>
              <SilenceForm alertnames={[...new Set(rules.rules.map((rule) => rule.name))]} />
            </CardContent>
          </Card>
        ) : null}
        <Card>
          <CardHeader>
            <CardTitle>Silences</CardTitle>
          </CardHeader>
          <CardContent>
            <SilenceList initial={silences} />
          </CardContent>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Thresholds Opsdeck cannot evaluate yet</CardTitle>
        </CardHeader>
        <CardContent>
          <Table label="Unavailable rules">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Rule</TableHeaderCell>
                <TableHeaderCell>Threshold</TableHeaderCell>
                <TableHeaderCell>Source</TableHeaderCell>
                <TableHeaderCell>Why not</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rules.unavailable.map((rule) => (
                <TableRow key={rule.name}>
                  <TableCell>{rule.name}</TableCell>
                  <TableCell>{rule.threshold}</TableCell>
                  <TableCell>{rule.source}</TableCell>
                  <TableCell className="text-muted">{rule.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </>
  );
}
