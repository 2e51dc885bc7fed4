import type { Band, Threshold } from "@/components/metrics/series-plot";
import type { SeriesName } from "@/lib/metrics/schemas";
import { targets } from "@/lib/metrics/targets";

export interface ChartDefinition {
  title: string;
  description: string;
  thresholds: Threshold[];
  band?: Band;
  emptyHint: string;
  /** Why a line can be empty while the others have data, by line id (said under the chart). */
  emptyLineReasons?: Record<string, string>;
  /** The runbook for this chart's symptom (a slug of lib/runbooks/content). */
  runbook: string;
  /**
   * Lines of the series that are a limit rather than data (a share of all operations, moving with
   * traffic): drawn dashed and named in the key like a fixed threshold. By line id.
   */
  limitLines?: string[];
}

const auth = targets.authLatencyMs;

/** The Metrics page's charts, each with the seeds' target drawn on it. */
export const metricsCharts = {
  auth_latency: {
    title: "Auth latency",
    description: "p1, p50, p95 and p99 of auth_duration. Target 500 ms ± 50 (constant-time auth); alert when p99 > 600 ms or p1 < 400 ms.",
    band: { from: auth.bandLow, to: auth.bandHigh, label: "500 ± 50 ms" },
    thresholds: [
      { y: auth.alertP99Above, label: "p99 alert 600", tone: "alert" },
      { y: auth.alertP1Below, label: "p1 alert 400", tone: "alert" },
    ],
    emptyHint: "Services report it with recordAuthTime (auth_duration points).",
    emptyLineReasons: {
      p1: "a p1 needs at least 50 sign-ins in a bucket (nearest rank), and this range's buckets hold fewer. A longer range has longer buckets; until then watch p50.",
    },
    runbook: "auth-timing",
  },
  cache_hit_rate: {
    title: "Cache hit rate",
    description: "Hits over hits and misses (invalidations excluded). Target above 60 %.",
    thresholds: [{ y: targets.cacheHitRate.min * 100, label: "target 60 %", tone: "target" }],
    emptyHint: "Services report it with recordCacheOperation (cache_operation points).",
    runbook: "stale-cache",
  },
  error_rate: {
    title: "Error rate over time",
    description: "Errors over requests per endpoint. Target below 1 %.",
    thresholds: [{ y: targets.errorRate.max * 100, label: "1 %", tone: "alert" }],
    emptyHint: "Error rates need both recordError and recordRequest (api_error and api_request points).",
    runbook: "deployment",
  },
  saga_compensation_rate: {
    title: "Saga compensations",
    description: "Compensated saga transactions over all of them. Target below 1 %.",
    thresholds: [{ y: targets.sagaCompensationRate.max * 100, label: "1 %", tone: "alert" }],
    emptyHint: "Services report it with recordSagaTransaction (saga_transaction points).",
    runbook: "saga-failures",
  },
  pool_utilisation: {
    title: "Pool utilisation",
    description: "Mean utilisation per service and pool. Target below 70 %; the Pools page has the detail.",
    thresholds: [{ y: targets.poolUtilisationPercent.max, label: "70 %", tone: "alert" }],
    emptyHint: "Services report it with recordPoolStats (pool_stats points).",
    runbook: "deployment",
  },
  lockouts: {
    title: "Lockouts per hour",
    description: "Rate-limit lockouts counted per clock hour. More than 10 an hour is an attack or a false positive.",
    thresholds: [{ y: targets.lockoutsPerHour.max, label: "10/h", tone: "alert" }],
    emptyHint: "Services report it with recordLockout (ratelimit_lockout points).",
    runbook: "rate-limit-false-positives",
  },
  locked_users: {
    title: "Locked users",
    description: "Users locked out at once (the most in each bucket), from lockout events and their lock length. Alert above 5.",
    thresholds: [{ y: targets.lockedUsers.alertAbove, label: "alert above 5 locked", tone: "alert" }],
    emptyHint: "Services report it with recordLockout(reason, lockMinutes) (ratelimit_lockout points).",
    runbook: "rate-limit-false-positives",
  },
  request_latency: {
    title: "Request latency",
    description: "p50, p95 and p99 of api_request duration over every endpoint. Target p99 below 1000 ms.",
    thresholds: [{ y: targets.requestLatencyMs.p99Below, label: "p99 target 1000 ms", tone: "alert" }],
    emptyHint: "Services report it with recordRequest (api_request points).",
    runbook: "tracing",
  },
  vector_search_success_rate: {
    title: "Vector search success",
    description: "Successful similarity searches over all of them. Target above 95 %.",
    thresholds: [{ y: targets.vectorSearchSuccessRate.min * 100, label: "target 95 %", tone: "target" }],
    emptyHint: "Services report it with recordVectorSearch (vector_search points).",
    runbook: "vector-search-errors",
  },
  cache_invalidations: {
    title: "Cache invalidations per hour",
    description: "Invalidation events counted per clock hour, against 10 % of all cache operations in that hour (too aggressive above it).",
    thresholds: [],
    limitLines: ["10 % of cache operations"],
    emptyHint: "Services report it with recordCacheOperation(\"invalidation\", …) (cache_operation points).",
    runbook: "stale-cache",
  },
  saga_compensations: {
    title: "Saga compensations per hour",
    description: "Compensated saga transactions counted per clock hour, against 1 % of all transactions in that hour.",
    thresholds: [],
    limitLines: ["1 % of transactions"],
    emptyHint: "Services report it with recordSagaTransaction (saga_transaction points).",
    runbook: "saga-failures",
  },
} satisfies Partial<Record<SeriesName, ChartDefinition>>;

export type MetricsChartName = keyof typeof metricsCharts;
export const METRICS_PAGE_SERIES = Object.keys(metricsCharts) as MetricsChartName[];
