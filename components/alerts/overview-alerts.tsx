import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { OverviewListCard } from "@/components/overview/list-card";
import { percent } from "@/components/alerts/format";
import { listRules, listSlos } from "@/lib/alerts/service";

/** The Overview's first card: what is firing and which SLOs burn fast; nothing when all is quiet. */
export async function OverviewAlerts() {
  const [rules, slos] = await Promise.all([listRules(), listSlos()]);
  const firing = rules.rules.filter((rule) => rule.state === "firing");
  const burning = slos.slos.filter((slo) => slo.burnAlerts.some((alert) => alert.state === "firing"));
  if (firing.length === 0 && burning.length === 0) return null;
  return (
    <OverviewListCard title="Firing now" listLabel="Firing alerts and fast-burning SLOs" tone="danger">
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
    </OverviewListCard>
  );
}
