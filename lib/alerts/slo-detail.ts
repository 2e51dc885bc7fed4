import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/audit";
import { db } from "@/lib/db";
import { metricsStore } from "@/lib/metrics/store";
import { runBatched } from "@/lib/alerts/batch";
import { alertSources } from "@/lib/alerts/sources";
import { OPENSLO_BODY_LIMIT_BYTES } from "@/lib/alerts/endpoints";
import { exportOpenSlo, importOpenSlo } from "@/lib/alerts/openslo";
import { countBuckets, sloRequests } from "@/lib/alerts/plan";
import type { SloDetail, SloInput } from "@/lib/alerts/schemas";
import { createSlos, getSlo, getSloRow, sloInputOf, windowMsOf } from "@/lib/alerts/service";
import { burnDown, burnRate, type CountBucket, errorRatio, type Interval } from "@/lib/alerts/slo-math";
import { WINDOW_AUDIT_KINDS } from "@/lib/incidents/timeline";
import type { AggregateRow } from "@/lib/metrics/store/types";

const HOUR = 3_600_000;

/** Burn rate over the last `span` hourly buckets at each bucket: the burn-rate panels' lines. */
export function rollingBurn(buckets: CountBucket[], span: number, objective: number): Array<number | null> {
  return buckets.map((_, index) => {
    const slice = buckets.slice(Math.max(0, index - span + 1), index + 1);
    return burnRate(errorRatio({ good: slice.reduce((sum, b) => sum + b.good, 0), total: slice.reduce((sum, b) => sum + b.total, 0) }), objective);
  });
}

/**
 * The SLO page's data: hourly buckets over the whole window (the burn-down and the 1 h / 6 h
 * burn-rate lines), and what happened in the window — incidents, flag changes, corrections —
 * to draw on the same time axis.
 */
export async function getSloDetail(id: number, nowMs = Date.now()): Promise<SloDetail> {
  const [slo, row] = await Promise.all([getSlo(id), getSloRow(id)]);
  const windowMs = windowMsOf(row);
  const toMs = Math.ceil(nowMs / HOUR) * HOUR;
  const fromMs = toMs - windowMs;
  const input = { sli: row.sli as SloInput["sli"], window: row.window as SloInput["window"] };
  const [total, part] = sloRequests(input, { fineEndMs: toMs, coarseEndMs: toMs })
    .slice(2)
    .map((request) => ({ ...request, fromUs: fromMs * 1000, toUs: toMs * 1000, stepSeconds: HOUR / 1000 }));
  const { rows } = await runBatched(alertSources(metricsStore()), [total!, part!]);
  const failure = rows.find((answer): answer is Error => answer instanceof Error);
  if (failure) throw new ApiError(503, "metrics_unavailable", `The metrics store did not answer: ${failure.message}`);
  const buckets = countBuckets(input, rows[0] as AggregateRow[], rows[1] as AggregateRow[]);
  const corrections: Interval[] = row.corrections.map((correction) => ({ fromMs: correction.startsAt.getTime(), toMs: correction.endsAt.getTime() }));
  const included = buckets.filter((bucket) => !corrections.some((c) => bucket.time < c.toMs && bucket.time + HOUR > c.fromMs));
  const burn1h = rollingBurn(included, 1, row.objective);
  const burn6h = rollingBurn(included, 6, row.objective);

  const [incidents, flagChanges] = await Promise.all([
    db().incident.findMany({ where: { createdAt: { gte: new Date(fromMs), lt: new Date(toMs) } }, orderBy: { createdAt: "asc" }, take: 200 }),
    db().auditEntry.findMany({
      where: { action: { in: Object.keys(WINDOW_AUDIT_KINDS).filter((action) => action.startsWith("flag.")) }, at: { gte: new Date(fromMs), lt: new Date(toMs) } },
      orderBy: { at: "asc" },
      take: 500,
    }),
  ]);
  return {
    ...slo,
    range: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
    burnDown: burnDown(buckets, { fromMs, toMs }, HOUR, row.objective, corrections),
    burnRateSeries: included.map((bucket, index) => ({ time: bucket.time, burn1h: burn1h[index] ?? null, burn6h: burn6h[index] ?? null })),
    annotations: [
      ...incidents.map((incident) => ({
        kind: "incident" as const,
        at: incident.createdAt.getTime(),
        endAt: incident.resolvedAt?.getTime() ?? null,
        label: `#${incident.id} ${incident.title}`,
        href: `/incidents/${incident.id}`,
      })),
      ...flagChanges.map((entry) => ({
        kind: "flag" as const,
        at: entry.at.getTime(),
        endAt: null,
        label: `Flag ${entry.targetId}: ${entry.action.replace("flag.", "").replace("_", " ")}`,
        href: `/flags/${encodeURIComponent(entry.targetId)}`,
      })),
      ...slo.corrections.map((correction) => ({
        kind: "correction" as const,
        at: Date.parse(correction.startsAt),
        endAt: Date.parse(correction.endsAt),
        label: `Maintenance: ${correction.reason}`,
        href: null,
      })),
    ].sort((a, b) => a.at - b.at),
  };
}

/** An import's raw YAML body, refused beyond the endpoint's limit; then all documents or none. */
export async function importOpenSloBody(req: Request, actor: Actor) {
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > OPENSLO_BODY_LIMIT_BYTES) throw new ApiError(413, "payload_too_large", `Body exceeds ${OPENSLO_BODY_LIMIT_BYTES} bytes`);
  const result = importOpenSlo(new TextDecoder().decode(bytes));
  if ("issues" in result) {
    const first = result.issues[0];
    throw new ApiError(400, "validation_failed", `Invalid OpenSLO at ${first?.path.join(".") || "(document)"}: ${first?.message}`, result.issues);
  }
  return { slos: await createSlos(result.slos, actor) };
}

export async function exportOpenSloText(name?: string): Promise<string> {
  const rows = await db().slo.findMany({ where: name ? { name } : {}, orderBy: { name: "asc" } });
  if (name && rows.length === 0) throw new ApiError(404, "not_found", `No SLO named ${JSON.stringify(name)}`);
  return exportOpenSlo(
    rows.map(sloInputOf),
  );
}
