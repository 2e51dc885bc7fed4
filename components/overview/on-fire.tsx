import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { OverviewListCard } from "@/components/overview/list-card";
import { FormattedTime } from "@/components/ui/time-zone";
import { pageOrigin } from "@/lib/api/page-origin";
import { flagChangesWithin } from "@/lib/flags/recent-changes";
import { checkDependencies } from "@/lib/health/checks";
import { listIncidents } from "@/lib/incidents/reads";
import { SEVERITIES, type Severity } from "@/lib/incidents/schemas";

const HOUR_MS = 3_600_000;
/** Enough to see what burns; the full lists are one link away. */
const SHOWN = 10;
const SEVERITY_TONE: Record<Severity, Tone> = { critical: "danger", high: "danger", warning: "warn", info: "neutral" };

/** The Overview's open incidents, most severe first; nothing when none is open. */
export async function OpenIncidents() {
  const [open, mitigated] = await Promise.all(
    (["open", "mitigated"] as const).map(async (status) => (await listIncidents({ status, page: 1, pageSize: 100 }, await pageOrigin())).incidents),
  );
  const incidents = [...open!, ...mitigated!].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.id - a.id);
  if (incidents.length === 0) return null;
  return (
    <OverviewListCard
      title="Open incidents"
      listLabel="Open incidents, most severe first"
      tone="danger"
      more={incidents.length > SHOWN ? { href: "/incidents", label: `All ${incidents.length} open incidents` } : null}
    >
      {incidents.slice(0, SHOWN).map((incident) => (
        <li key={incident.id}>
          <Badge tone={SEVERITY_TONE[incident.severity]}>{incident.severity}</Badge>{" "}
          <Link className="text-accent underline" href={`/incidents/${incident.id}`}>
            #{incident.id} {incident.title}
          </Link>{" "}
          <span className="text-muted">
            {incident.status === "mitigated" ? "mitigated, " : ""}since <FormattedTime iso={incident.createdAt} />
          </span>
        </li>
      ))}
    </OverviewListCard>
  );
}

/** Flag changes of the last hour, in words: the first suspects when something broke. */
export async function RecentFlagChanges() {
  const changes = await flagChangesWithin(HOUR_MS);
  if (changes.length === 0) return null;
  return (
    <OverviewListCard
      title="Flags changed in the last hour"
      listLabel="Flag changes in the last hour, newest first"
      tone="neutral"
      more={changes.length > SHOWN ? { href: "/audit?targetType=feature_flag", label: "Every flag change in the audit log" } : null}
    >
      {changes.slice(0, SHOWN).map((change) => (
        <li key={change.id}>
          <FormattedTime iso={change.at} style="time" />{" "}
          <Link className="text-accent underline" href={`/flags/${encodeURIComponent(change.flag)}`}>
            {change.flag}
          </Link>
          : {change.words} <span className="text-muted">by {change.actor}</span>
        </li>
      ))}
    </OverviewListCard>
  );
}

/** Dependencies that are not healthy; nothing when all are. */
export async function DegradedDependencies() {
  const { dependencies } = await checkDependencies();
  const unhealthy = Object.values(dependencies).filter((dependency) => dependency.status === "degraded" || dependency.status === "unavailable");
  if (unhealthy.length === 0) return null;
  return (
    <OverviewListCard title="Dependencies not healthy" listLabel="Dependencies not healthy" tone="warn">
      {unhealthy.map((dependency) => (
        <li key={dependency.name}>
          <Badge tone={dependency.status === "unavailable" ? "danger" : "warn"}>{dependency.status}</Badge>{" "}
          <Link className="text-accent underline" href="/dependencies">
            {dependency.label}
          </Link>
          {dependency.message ? <span className="text-muted"> — {dependency.message}</span> : null}
        </li>
      ))}
    </OverviewListCard>
  );
}
