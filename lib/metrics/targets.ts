/**
 * The targets and alert thresholds of the seeds, in one place: the charts draw them, the docs
 * quote them. Rates are fractions (0.6 = 60 %); pool utilisation is a percent, as in seed 001.
 */
export const targets = {
  /** Seed 000: constant-time auth answers in 500 ms ± 50. */
  authLatencyMs: { target: 500, bandLow: 450, bandHigh: 550, alertP99Above: 600, alertP1Below: 400 },
  /** Seed 000/001: cache hit rate above 60 %. */
  cacheHitRate: { min: 0.6 },
  /** Seed 001: error rate below 1 %. */
  errorRate: { max: 0.01 },
  /** Seed 000/001: saga compensations below 1 % of transactions. */
  sagaCompensationRate: { max: 0.01 },
  /** Seed 001: pool utilisation below 70 %, and more than 5 queued requests means exhaustion. */
  poolUtilisationPercent: { max: 70 },
  poolQueued: { warnAbove: 5 },
  /** Seed 000 (rate-limit runbook): more than 10 lockouts an hour is an attack or a false positive. */
  lockoutsPerHour: { max: 10 },
  /** Seed 000 (rate-limit runbook): more than 5 users locked at once deserves a look. */
  lockedUsers: { alertAbove: 5 },
  /** Seed 001 (monitoring dashboard): request latency p99 under 1000 ms. */
  requestLatencyMs: { p99Below: 1000 },
  /** Seed 000/001: vector search success above 95 %. */
  vectorSearchSuccessRate: { min: 0.95 },
  /** Seed 000 (stale cache): invalidations above 10 % of cache operations are too aggressive. */
  cacheInvalidations: { maxShareOfOperations: 0.1 },
  /** Seed 000 (tracing runbook): trace p99 above 1000 ms is a bottleneck. */
  traceLatencyMs: { p99Below: 1000 },
} as const;
