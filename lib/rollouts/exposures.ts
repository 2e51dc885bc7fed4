import { dbPool } from "@/lib/db";
import { pgTransaction } from "@/lib/db/transaction";
import { bucketOf } from "@/lib/flags/evaluate";
import { M } from "@/lib/metrics/measurements";
import { metricsStore } from "@/lib/metrics/store";
import type { Observations } from "@/lib/rollouts/decide";
import type { GuardMetric } from "@/lib/rollouts/schemas";
import { addToArm, type ArmSummary, emptyArm } from "@/lib/rollouts/statistics";

/**
 * Exposure and outcome from what services already send.
 * - Spans: a flag evaluation is a span event `feature_flag.evaluation` (the OpenFeature
 *   SpanEventHook) or a span carrying `feature_flag.key` (SpanHook), with the user in
 *   `feature_flag.context.id` (the evaluation's targeting key). The request's outcome is its trace's
 *   root span: status error, and its duration.
 * - Metrics: saga points tagged `ff.<flag>` = on | off by the service.
 * Arms come from the same hash that decides who gets the flag (bucketOf), never from what the
 * service reported, so a service with a stale flag set cannot blur the comparison; target users
 * are left out of both arms.
 */

export const EXPOSURE_EVENT = "feature_flag.evaluation";
export const FLAG_KEY = "feature_flag.key";
export const CONTEXT_ID = "feature_flag.context.id";

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

/** Per (flag, user): requests, errors, sums of log-ms and its square, and a few failing traces. */
const EXPOSURES_SQL = `
WITH wanted AS (
  SELECT * FROM unnest($1::text[], $2::timestamptz[]) AS w(flag, since)
), exposures AS (
  SELECT DISTINCT ON (w.flag, s.trace_id) w.flag, s.trace_id, e.attrs->>'${CONTEXT_ID}' AS user_id,
    s.parent_span_id IS NULL AS is_root, s.status_code, s.duration_ns
  FROM trace_spans s
  CROSS JOIN LATERAL (
    SELECT ev->'attributes' AS attrs FROM jsonb_array_elements(s.events) ev WHERE ev->>'name' = '${EXPOSURE_EVENT}'
    UNION ALL SELECT s.attributes WHERE s.attributes ? '${FLAG_KEY}'
  ) e
  JOIN wanted w ON w.flag = e.attrs->>'${FLAG_KEY}' AND s.start_time >= w.since
  WHERE s.start_time >= $3 AND s.start_time < $4
    AND (s.events @> '[{"name": "${EXPOSURE_EVENT}"}]' OR s.attributes ? '${FLAG_KEY}')
    AND e.attrs ? '${CONTEXT_ID}'
), outcomes AS (
  -- Usually the hook wrote on the server span, which is the trace's root: no second lookup.
  SELECT x.flag, x.user_id, x.trace_id,
    COALESCE(CASE WHEN x.is_root THEN x.status_code END, r.status_code) AS status_code,
    COALESCE(CASE WHEN x.is_root THEN x.duration_ns END, r.duration_ns) AS duration_ns
  FROM exposures x
  LEFT JOIN LATERAL (
    SELECT status_code, duration_ns FROM trace_spans r
    WHERE NOT x.is_root AND r.trace_id = x.trace_id AND r.parent_span_id IS NULL
      AND r.start_time >= $3::timestamptz - interval '1 hour' AND r.start_time < $4
    ORDER BY r.start_ns LIMIT 1
  ) r ON true
)
SELECT x.flag, x.user_id, count(*)::int AS requests,
  count(*) FILTER (WHERE x.status_code = 2)::int AS errors,
  sum(ln(GREATEST(x.duration_ns, 1000)::float8 / 1e6)) AS log_ms,
  sum(ln(GREATEST(x.duration_ns, 1000)::float8 / 1e6) ^ 2) AS log_ms_squared,
  (array_agg(x.trace_id) FILTER (WHERE x.status_code = 2))[1:3] AS failing_traces
FROM outcomes x
WHERE x.duration_ns IS NOT NULL
GROUP BY x.flag, x.user_id`;

interface ExposureRow {
  flag: string;
  user_id: string;
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
  const { rows } = await pgTransaction(dbPool(), async (client) => {
    await client.query("SET TRANSACTION READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`);
    return client.query<ExposureRow>(EXPOSURES_SQL, [
      queries.map((query) => query.flagName),
      queries.map((query) => new Date(query.sinceMs)),
      new Date(from),
      new Date(nowMs + 1),
    ]);
  });
  const byFlag = new Map(queries.map((query) => [query.flagName, query]));
  const arms = new Map<string, { errors: { treatment: ArmSummary; control: ArmSummary }; latency: { treatment: ArmSummary; control: ArmSummary } }>();
  for (const query of queries) {
    arms.set(query.flagName, { errors: { treatment: emptyArm(), control: emptyArm() }, latency: { treatment: emptyArm(), control: emptyArm() } });
  }
  for (const row of rows) {
    const query = byFlag.get(row.flag);
    const observations = into.get(row.flag);
    const flagArms = arms.get(row.flag);
    if (!query || !observations || !flagArms || query.targetUsers.includes(row.user_id)) continue;
    const arm = bucketOf(query.flagName, row.user_id) < query.percentage ? "treatment" : "control";
    observations.users[arm] += 1;
    addToArm(flagArms.errors[arm], 1, row.errors);
    addToArm(flagArms.errors[arm], 0, row.requests - row.errors);
    flagArms.latency[arm].n += row.requests;
    flagArms.latency[arm].sum += Number(row.log_ms);
    flagArms.latency[arm].sumSquares += Number(row.log_ms_squared);
    if (arm === "treatment" && row.failing_traces && observations.failingTreatmentTraces.length < 5) {
      observations.failingTreatmentTraces.push(...row.failing_traces.slice(0, 5 - observations.failingTreatmentTraces.length));
    }
  }
  for (const [flag, flagArms] of arms) {
    const observations = into.get(flag) as PlanObservations;
    observations.metrics.error_rate = flagArms.errors;
    observations.metrics.latency = flagArms.latency;
  }
}

/** The tag a service puts on its points for a flag under an active plan. */
export const armTag = (flagName: string) => `ff.${flagName}`;

/** Saga compensation rate per arm, from points tagged with the flag's arm. */
async function sagaObservations(query: ExposureQuery, nowMs: number, observations: PlanObservations): Promise<void> {
  const tag = armTag(query.flagName);
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
