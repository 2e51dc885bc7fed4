/**
 * Alert webhook benchmark on a throwaway database, through the real route handler (auth, rate
 * limit, validation, the advisory-locked transaction, audit): latency of a first notification
 * (opens an incident), of a repeat (updates the alert in place), deliveries a second across many
 * alert groups, and a storm of identical deliveries of one group (all serialised on its lock).
 * Also: checks a second, each a toggle of a different step.
 *
 *   npx tsx bench/incidents/webhook.ts [--deliveries 400] [--concurrency 16]
 */
import { parseArgs } from "node:util";
import { NextRequest } from "next/server";
import { createTestDatabase } from "@/scripts/test/database";
import { callsPerSecond, sequentialLatency } from "@/bench/measure";

const { values } = parseArgs({ options: { deliveries: { type: "string", default: "400" }, concurrency: { type: "string", default: "16" } } });
const DELIVERIES = Number(values.deliveries);
const CONCURRENCY = Number(values.concurrency);

const database = await createTestDatabase("bench_incidents");
process.env.DATABASE_URL = database.url;
process.env.LOG_LEVEL = "silent";
const { POST: webhook } = await import("@/app/api/webhooks/alertmanager/route");
const { PUT: checkRoute } = await import("@/app/api/admin/incidents/[id]/runs/[runId]/checks/route");
const { POST: attach } = await import("@/app/api/admin/incidents/[id]/runs/route");
const { closeDatabase, db } = await import("@/lib/db");
const { systemActor } = await import("@/lib/audit");
const { createApiToken } = await import("@/lib/auth/tokens");
const { getRunbook, listRunbooks } = await import("@/lib/runbooks");
const { ruleFor } = await import("@/lib/ratelimit/bucket");

// The bench measures the incident path, not the route's rate limit.
webhook.endpoint.rateLimit = ruleFor(1_000_000, 1, 1_000_000);
checkRoute.endpoint.rateLimit = ruleFor(1_000_000, 1, 1_000_000);
const { token } = await createApiToken({ name: "bench", role: "admin" }, systemActor("bench"));

const payload = (group: string, fingerprint: string) => ({
  version: "4",
  groupKey: group,
  truncatedAlerts: 0,
  status: "firing",
  receiver: "opsdeck",
  groupLabels: { alertname: "BenchAlert" },
  commonLabels: { alertname: "BenchAlert", severity: "warning" },
  commonAnnotations: { summary: "bench" },
  externalURL: "http://alertmanager:9093",
  alerts: [
    {
      status: "firing",
      labels: { alertname: "BenchAlert", severity: "warning", runbook: "stale-cache" },
      annotations: { summary: "bench" },
      startsAt: new Date().toISOString(),
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus:9090/graph",
      fingerprint,
    },
  ],
});

async function send(handler: typeof webhook, path: string, method: string, body: unknown, params: Record<string, string> = {}) {
  const request = new NextRequest(new URL(path, "http://127.0.0.1:3000"), { method, headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const response = await handler(request, { params: Promise.resolve(params) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<{ incidents: { id: number }[] }>;
}

async function timed(n: number, operation: (i: number) => Promise<unknown>) {
  const { p50, p99 } = await sequentialLatency(n, operation);
  return `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`;
}
const perSecond = async (n: number, operation: (i: number) => Promise<unknown>) => Math.round(await callsPerSecond(n, operation, CONCURRENCY));

try {
  const sequential = Math.min(200, DELIVERIES);
  console.log(`first notification (opens an incident): ${await timed(sequential, (i) => send(webhook, "/api/webhooks/alertmanager", "POST", payload(`seq-${i}`, `fp-seq-${i}`)))}`);
  console.log(`repeat notification (alert updated in place): ${await timed(sequential, (i) => send(webhook, "/api/webhooks/alertmanager", "POST", payload(`seq-${i}`, `fp-seq-${i}`)))}`);
  console.log(`deliveries/s, ${CONCURRENCY} in flight, distinct groups: ${await perSecond(DELIVERIES, (i) => send(webhook, "/api/webhooks/alertmanager", "POST", payload(`par-${i}`, `fp-par-${i}`)))}`);
  console.log(`deliveries/s, ${CONCURRENCY} in flight, one group (serialised): ${await perSecond(DELIVERIES, () => send(webhook, "/api/webhooks/alertmanager", "POST", payload("storm", "fp-storm")))}`);
  const storm = await db().incidentAlert.findMany({ where: { fingerprint: "fp-storm" } });
  console.log(`storm: ${await db().incident.count({ where: { groupKey: "storm" } })} incident, ${storm.length} alert row, ${storm[0]?.notifications} notifications counted`);

  // Checks: every step of every runbook on one incident, toggled by CONCURRENCY operators at once.
  const incidentId = storm[0]!.incidentId;
  for (const summary of listRunbooks()) await send(attach, `/api/admin/incidents/${incidentId}/runs`, "POST", { runbook: summary.slug }, { id: String(incidentId) }).catch(() => undefined);
  const runs = await db().incidentRunbookRun.findMany({ where: { incidentId } });
  const steps = runs.flatMap((run) => (getRunbook(run.runbookSlug)?.steps ?? []).map((step) => ({ runId: String(run.id), stepId: step.id })));
  const toggles = DELIVERIES;
  const rate = await perSecond(toggles, (i) => {
    const step = steps[i % steps.length]!;
    return send(checkRoute, `/api/admin/incidents/${incidentId}/runs/${step.runId}/checks`, "PUT", { stepId: step.stepId, checked: i % 2 === 0 }, { id: String(incidentId), runId: step.runId });
  });
  console.log(`check toggles/s, ${CONCURRENCY} in flight over ${steps.length} steps: ${rate}`);
} finally {
  await closeDatabase();
  await database.drop();
}
