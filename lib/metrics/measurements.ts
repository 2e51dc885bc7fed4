/**
 * What services write (seed 000 §3.3, plus requests, pool stats and lockouts): measurement,
 * tags and fields. The SDK writes these and the series are computed from them; any InfluxDB
 * client or Telegraf writing the same names through the ingest endpoint is charted alike.
 */
export const M = {
  /** tags userId, success; field duration_ms */
  auth: "auth_duration",
  /** tag operation (hit | miss | invalidation); field duration_ms */
  cache: "cache_operation",
  /** tags transactionId, status (success | compensation | failed); field duration_ms */
  saga: "saga_transaction",
  /** tags endpoint, errorType; fields duration_ms, message */
  error: "api_error",
  /** tags endpoint, status; field duration_ms — the denominator of error rates */
  request: "api_request",
  /** tags service, pool; fields active, available, queued, max, utilization_percent */
  pool: "pool_stats",
  /** tag reason; field lock_minutes */
  lockout: "ratelimit_lockout",
  /** tag success (true | false); field duration_ms — one point per similarity search */
  vectorSearch: "vector_search",
} as const;

/**
 * Tags rollups leave out: each of their values is its own series (one per user, one per
 * transaction), so keeping them would give a rollup bucket per point. Queries that group or filter
 * by them read raw points; every other tag is kept. Measurements not named keep all their tags.
 */
export const UNROLLED_TAGS: Readonly<Record<string, readonly string[]>> = { [M.auth]: ["userId"], [M.saga]: ["transactionId"] };
