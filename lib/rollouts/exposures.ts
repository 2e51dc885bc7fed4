import { dbPool } from "@/lib/db";
import { pgTransaction } from "@/lib/db/transaction";
import { flagTag } from "@/lib/flags/sdk/request-flags";
import { M } from "@/lib/metrics/measurements";
import { metricsStore } from "@/lib/metrics/store";
import type { Observations } from "@/lib/rollouts/decide";
import type { GuardMetric } from "@/lib/rollouts/schemas";
import { addToArm, type ArmSummary, emptyArm } from "@/lib/rollouts/statistics";

/**
 * Exposure and outcome from what services already send.
 * - Spans: a flag evaluation is a span event `feature_flag.evaluation` (the OpenFeature
 *   SpanEventHook) or a span carrying `feature_flag.key` (SpanHook), with the user in
 *   `feature_flag.context.id` (the evaluation's targeting key), picked out as spans arrive
 *   (lib/traces/flag-exposures.ts). The request's outcome is its trace's root span: status error,
 *   and its duration.
 * - Metrics: saga points tagged `ff.<flag>` = on | off by Opsdeck's SDK (lib/flags/sdk/request-flags.ts) or the service.
 * Arms come from the same hash that decides who gets the flag (bucketOf), never from what the
 * service reported, so a service with a stale flag set cannot blur the comparison; target users
 * are left out of both arms.
 */

/** What the evaluator asks about one plan: its flag, the stage's split and since when. */
export interface ExposureQuery {
  flagName: string;
  percentage: number;
  /** Users the bucket does not place (targeted or excluded): left out of both arms. */
  targetUsers: string[];
  sinceMs: number;
}

export interface PlanObservations extends Observations {
  /** A few traces of failing treatment requests, for the incident's links. */
  failingTreatmentTraces: string[];
}

/**
 * Per (flag, arm): distinct users, requests, errors, sums of log-ms and its square, and a few
 * failing traces, counted in one query for every plan of the tick. The exposures were picked out of
 * spans at ingestion with each user's bucket (lib/traces/flag-exposures.ts), so the arms come from
 * the same hash that decides who gets the flag, never from what the service reported.
 */
const EXPOSURES_SQL = `
WITH wanted AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(flag text, since timestamptz, percentage int, targets text[])
), exposures AS (
  SELECT w.flag, x.bucket < w.percentage * 100 AS treatment, x.user_id, x.trace_id, x.is_root, x.status_code, x.duration_ns
  FROM wanted w
  JOIN flag_exposures x ON x.flag = w.flag AND x.start_time >= w.since AND x.start_time < $3
  WHERE NOT (x.user_id = ANY (w.targets))
), outcomes AS (
  -- Usually the hook wrote on the server span, which is the trace's root: no second lookup.
  SELECT x.flag, x.treatment, x.user_id, x.trace_id,
    COALESCE(CASE WHEN x.is_root THEN x.status_code END, r.status_code) AS status_code,
    COALESCE(CASE WHEN x.is_root THEN x.duration_ns END, r.duration_ns) AS duration_ns
  FROM exposures x
  LEFT JOIN LATERAL (
    SELECT status_code, duration_ns FROM trace_spans r
    WHERE NOT x.is_root AND r.trace_id = x.trace_id AND r.parent_span_id IS NULL
      AND r.start_time >= $2::timestamptz - interval '1 hour' AND r.start_time < $3
    ORDER BY r.start_ns LIMIT 1
  ) r ON true
)
SELECT x.flag, x.treatment, count(DISTINCT x.user_id)::int AS users, count(*)::int AS requests,
  count(*) FILTER (WHERE x.status_code = 2)::int AS errors,
  sum(ln(GREATEST(x.duration_ns, 1000)::float8 / 1e6)) AS log_ms,
  sum(ln(GREATEST(x.duration_ns, 1000)::float8 / 1e6) ^ 2) AS log_ms_squared,
  (array_agg(x.trace_id) FILTER (WHERE x.status_code = 2))[1:5] AS failing_traces
FROM outcomes x
WHERE x.duration_ns IS NOT NULL
GROUP BY x.flag, x.treatment`;

interface ArmRow {
  flag: string;
  treatment: boolean;
  users: number;
  requests: number;
  errors: number;
  log_ms: number;
  log_ms_squared: number;
  failing_traces: string[] | null;
}

const emptyObservations = (): PlanObservations => ({
  users: { treatment: 0, control: 0 },
  metrics: {},
  unavailable: {},
  failingTreatmentTraces: [],
});

const reason = (error: unknown) => (error as { code?: string }).code ?? (error as Error).message ?? String(error);

/** Reads every plan's span observations in one query (one tick, however many plans). */
async function spanObservations(queries: ExposureQuery[], nowMs: number, timeoutMs: number, into: Map<string, PlanObservations>): Promise<void> {
  const from = Math.min(...queries.map((query) => query.sinceMs));
  const wanted = queries.map((query) => ({ flag: query.flagName, since: new Date(query.sinceMs).toISOString(), percentage: query.percentage, targets: query.targetUsers }));
  const { rows } = await pgTransaction(dbPool(), async (client) => {
    await client.query("SET TRANSACTION READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`);
    // A query run every tick: compiling it (JIT) costs more than it saves.
    await client.query("SET LOCAL jit = off");
    return client.query<ArmRow>(EXPOSURES_SQL, [JSON.stringify(wanted), new Date(from), new Date(nowMs + 1)]);
  });
  for (const observations of into.values()) {
    observations.metrics.error_rate = { treatment: emptyArm(), control: emptyArm() };
    observations.metrics.latency = { treatment: emptyArm(), control: emptyArm() };
  }
  for (const row of rows) {
    const observations = into.get(row.flag);
    if (!observations) continue;
    const arm = row.treatment ? "treatment" : "control";
    const errors = observations.metrics.error_rate?.[arm] as ArmSummary;
    const latency = observations.metrics.latency?.[arm] as ArmSummary;
    observations.users[arm] = row.users;
    addToArm(errors, 1, row.errors);
    addToArm(errors, 0, row.requests - row.errors);
    latency.n = row.requests;
    latency.sum = Number(row.log_ms);
    latency.sumSquares = Number(row.log_ms_squared);
    if (row.treatment && row.failing_traces) observations.failingTreatmentTraces = row.failing_traces;
  }
}

/** Saga compensation rate per arm, from points tagged with the flag's arm. */
async function sagaObservations(query: ExposureQuery, nowMs: number, observations: PlanObservations): Promise<void> {
  const tag = flagTag(query.flagName);
  const rows = await metricsStore().aggregate({
    measurement: M.saga,
    field: "duration_ms",
    fromUs: query.sinceMs * 1000,
    toUs: (nowMs + 1) * 1000,
    stepSeconds: null,
    groupBy: [tag, "status"],
    aggregates: [{ fn: "count" }],
  });
  const arms = { treatment: emptyArm(), control: emptyArm() };
  for (const row of rows) {
    const arm = row.tags[tag] === "on" ? arms.treatment : row.tags[tag] === "off" ? arms.control : null;
    const count = Number(row.values[0] ?? 0);
    if (arm) addToArm(arm, row.tags.status === "compensation" ? 1 : 0, count);
  }
  observations.metrics.saga_compensation_rate = arms;
}

/**
 * Observations for every plan of a tick, by flag name. A store that cannot be read leaves its
 * metrics out and says why in `unavailable`; the verdict then holds instead of guessing.
 */
export async function readObservations(
  queries: ExposureQuery[],
  wanted: Map<string, Set<GuardMetric>>,
  nowMs: number,
  spanQueryTimeoutMs = 20_000,
): Promise<Map<string, PlanObservations>> {
  const result = new Map(queries.map((query) => [query.flagName, emptyObservations()]));
  if (queries.length === 0) return result;
  try {
    await spanObservations(queries, nowMs, spanQueryTimeoutMs, result);
  } catch (error) {
    for (const observations of result.values()) {
      observations.unavailable.error_rate = observations.unavailable.latency = `the span store did not answer: ${reason(error)}`;
    }
  }
  for (const query of queries) {
    if (!wanted.get(query.flagName)?.has("saga_compensation_rate")) continue;
    const observations = result.get(query.flagName) as PlanObservations;
    await sagaObservations(query, nowMs, observations).catch((error: unknown) => {
      observations.unavailable.saga_compensation_rate = `the metrics store did not answer: ${reason(error)}`;
    });
  }
  return result;
}
