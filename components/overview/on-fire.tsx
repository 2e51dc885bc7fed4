import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
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
    <Card className="mb-6 border-red-300 dark:border-red-900">
      <CardHeader>
        <CardTitle>Open incidents</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-2 text-sm" aria-label="Open incidents, most severe first">
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
        </ul>
        {incidents.length > SHOWN ? (
          <Link className="mt-2 inline-block text-sm text-accent underline" href="/incidents">
            All {incidents.length} open incidents
          </Link>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** Flag changes of the last hour, in words: the first suspects when something broke. */
export async function RecentFlagChanges() {
  const changes = await flagChangesWithin(HOUR_MS);
  if (changes.length === 0) return null;
  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle>Flags changed in the last hour</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-2 text-sm" aria-label="Flag changes in the last hour, newest first">
          {changes.slice(0, SHOWN).map((change) => (
            <li key={change.id}>
              <FormattedTime iso={change.at} style="time" />{" "}
              <Link className="text-accent underline" href={`/flags/${encodeURIComponent(change.flag)}`}>
                {change.flag}
              </Link>
              : {change.words} <span className="text-muted">by {change.actor}</span>
            </li>
          ))}
        </ul>
        {changes.length > SHOWN ? (
          <Link className="mt-2 inline-block text-sm text-accent underline" href="/audit?targetType=feature_flag">
            Every flag change in the audit log
          </Link>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** Dependencies that are not healthy; nothing when all are. */
export async function DegradedDependencies() {
  const { dependencies } = await checkDependencies();
  const unhealthy = Object.values(dependencies).filter((dependency) => dependency.status === "degraded" || dependency.status === "unavailable");
  if (unhealthy.length === 0) return null;
  return (
    <Card className="mb-6 border-amber-300 dark:border-amber-900">
      <CardHeader>
        <CardTitle>Dependencies not healthy</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-2 text-sm" aria-label="Dependencies not healthy">
          {unhealthy.map((dependency) => (
            <li key={dependency.name}>
              <Badge tone={dependency.status === "unavailable" ? "danger" : "warn"}>{dependency.status}</Badge>{" "}
              <Link className="text-accent underline" href="/dependencies">
                {dependency.label}
              </Link>
              {dependency.message ? <span className="text-muted"> — {dependency.message}</span> : null}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
