import { FormattedTime } from "@/components/ui/time-zone";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { IncidentAlert } from "@/lib/incidents/schemas";

const LINKS: { key: keyof IncidentAlert; label: string }[] = [
  { key: "generatorUrl", label: "Source" },
  { key: "dashboardUrl", label: "Dashboard" },
  { key: "panelUrl", label: "Panel" },
  { key: "silenceUrl", label: "Silence" },
];

/**
 * The incident's alerts as cards (labels wrap on a phone), with the links their sender gave; the
 * alert whose notification linked here (`linked`, a fingerprint) is marked.
 */
export function AlertList({ alerts, linked }: { alerts: IncidentAlert[]; linked?: string }) {
  if (alerts.length === 0) return <EmptyState title="No alerts" description="This incident was opened by hand." />;
  return (
    <ul className="flex flex-col gap-3" aria-label="Alerts">
      {alerts.map((alert) => (
        <li
          key={alert.fingerprint}
          aria-current={alert.fingerprint === linked ? "true" : undefined}
          className={`rounded-lg border p-3 ${alert.fingerprint === linked ? "border-2 border-accent" : "border-border"}`}
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium break-all">{alert.alertName}</span>
            <Badge tone={alert.status === "firing" ? "danger" : "ok"}>{alert.status}</Badge>
            {alert.fingerprint === linked ? <Badge>The alert you came from</Badge> : null}
            <span className="text-xs text-muted">
              since <FormattedTime iso={alert.startsAt} />
              {alert.endsAt ? (
                <>
                  , ended <FormattedTime iso={alert.endsAt} />
                </>
              ) : null}
              ; {alert.notifications} notification{alert.notifications === 1 ? "" : "s"}
            </span>
          </div>
          {alert.annotations.summary || alert.annotations.description ? (
            <p className="mt-1 text-sm break-words">{alert.annotations.summary ?? alert.annotations.description}</p>
          ) : null}
          <ul className="mt-2 flex flex-wrap gap-1" aria-label="Labels">
            {Object.entries(alert.labels).map(([name, value]) => (
              <li key={name} className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs break-all">
                {name}={value}
              </li>
            ))}
          </ul>
          {alert.values ? (
            <p className="mt-1 font-mono text-xs text-muted">
              {Object.entries(alert.values)
                .map(([name, value]) => `${name}=${value ?? "null"}`)
                .join(" ")}
            </p>
          ) : null}
          <p className="mt-2 flex flex-wrap gap-3 text-sm">
            {LINKS.filter((link) => alert[link.key]).map((link) => (
              <a key={link.key} href={String(alert[link.key])} target="_blank" rel="noreferrer" className="underline underline-offset-2">
                {link.label}
              </a>
            ))}
            <span className="font-mono text-xs break-all text-muted">fingerprint {alert.fingerprint}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
