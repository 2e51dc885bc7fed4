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
} as const;
