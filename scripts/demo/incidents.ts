import type { AlertmanagerPayload } from "@/lib/incidents/schemas";
import { logger } from "@/lib/log";
import type { DemoContext, DemoPart } from "./part";

/**
 * The demo's live incident: the metrics simulator's bad hour (3 h to 2 h ago, scripts/demo/metrics.ts)
 * is what an Alertmanager watching those metrics would have alerted on. Its notifications go into
 * Opsdeck's webhook through the public API with the demo token, exactly as Alertmanager posts them:
 * auth latency above its alert line (still firing, so the incident is live, with the auth-timing
 * runbook attached) and the cache hit rate under target (resolved when the bad hour ended, with the
 * stale-cache runbook). Fingerprints and the group key are fixed, so restarts update the same incident.
 */
const HOUR = 3_600_000;
const GROUP_KEY = '{}/{severity="critical"}:{service="auth"}';

function payload(nowMs: number, cacheResolved: boolean): AlertmanagerPayload {
  const badHourStart = nowMs - 3 * HOUR;
  const alert = (
    fingerprint: string,
    labels: Record<string, string>,
    annotations: Record<string, string>,
    startsAt: number,
    endsAt: number | null,
  ): AlertmanagerPayload["alerts"][number] => ({
    status: endsAt ? "resolved" : "firing",
    labels: { service: "auth", severity: "critical", ...labels },
    annotations,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: endsAt ? new Date(endsAt).toISOString() : "0001-01-01T00:00:00Z",
    generatorURL: `http://prometheus.demo:9090/graph?g0.expr=${encodeURIComponent(labels.alertname ?? "")}`,
    fingerprint,
  });
  return {
    version: "4",
    groupKey: GROUP_KEY,
    truncatedAlerts: 0,
    status: "firing",
    receiver: "opsdeck",
    groupLabels: { service: "auth", severity: "critical" },
    commonLabels: { service: "auth", severity: "critical" },
    commonAnnotations: { summary: "Auth degraded: latency above the alert line, cache hit rate down" },
    externalURL: "http://alertmanager.demo:9093",
    alerts: [
      alert(
        "demo0authlatency",
        { alertname: "AuthLatencyP99High" },
        { summary: "Auth p99 above 600 ms", description: "auth_duration p99 crossed the 600 ms alert line", runbook_url: "/runbooks/auth-timing" },
        badHourStart + 12 * 60_000,
        null,
      ),
      alert(
        "demo0cachehitlow",
        { alertname: "CacheHitRateLow", runbook: "stale-cache" },
        { summary: "Cache hit rate under 60 %", description: "cache_operation hit rate fell to 35 %" },
        badHourStart + 18 * 60_000,
        cacheResolved ? nowMs - 2 * HOUR : null,
      ),
    ],
  };
}

async function post(context: DemoContext, body: AlertmanagerPayload): Promise<void> {
  const response = await fetch(`${context.baseUrl}/api/webhooks/alertmanager`, {
    method: "POST",
    headers: { Authorization: `Bearer ${context.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
}

export const incidentsDemo: DemoPart = {
  name: "incidents",
  simulate(context) {
    const nowMs = Date.now();
    // As Alertmanager would have sent them: the group firing, then the cache alert resolving.
    const sent = post(context, payload(nowMs, false))
      .then(() => post(context, payload(nowMs, true)))
      .catch((error: unknown) => logger.warn({ err: error }, "demo incident: the alert webhook refused the notification"));
    return async () => {
      await sent;
    };
  },
};
