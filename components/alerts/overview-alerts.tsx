import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { percent } from "@/components/alerts/format";
import { listRules, listSlos } from "@/lib/alerts/service";

/** The Overview's first card: what is firing and which SLOs burn fast; nothing when all is quiet. */
export async function OverviewAlerts() {
  const [rules, slos] = await Promise.all([listRules(), listSlos()]);
  const firing = rules.rules.filter((rule) => rule.state === "firing");
  const burning = slos.slos.filter((slo) => slo.burnAlerts.some((alert) => alert.state === "firing"));
  if (firing.length === 0 && burning.length === 0) return null;
  return (
    <Card className="mb-6 border-red-300 dark:border-red-900">
      <CardHeader>
        <CardTitle>Firing now</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-2 text-sm" aria-label="Firing alerts and fast-burning SLOs">
          {firing.map((rule) => (
            <li key={rule.id}>
              <Badge tone="danger">{rule.labels.severity}</Badge>{" "}
              <Link className="text-accent underline" href={`/alerts?rule=${rule.id}`}>{rule.name}</Link> — {rule.annotations.summary.replace(/\{\{[^}]*\}\}/g, "…")}
            </li>
          ))}
          {burning.map((slo) => (
            <li key={slo.id}>
              <Badge tone="warn">SLO</Badge> <Link className="text-accent underline" href={`/slos/${slo.id}`}>{slo.displayName ?? slo.name}</Link> is burning its budget fast ({percent(slo.budgetRemaining)} left)
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
