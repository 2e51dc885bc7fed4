import { z } from "zod";

export const dependencyStatusSchema = z.enum(["ok", "degraded", "unavailable", "not_configured"]);
export type DependencyStatus = z.infer<typeof dependencyStatusSchema>;
export const overallStatusSchema = z.enum(["ok", "degraded", "unavailable"]);
export type OverallStatus = z.infer<typeof overallStatusSchema>;

export const breakerSnapshotSchema = z
  .object({
    state: z.enum(["closed", "open", "half-open"]),
    consecutiveFailures: z.number().int(),
    openedAt: z.iso.datetime().nullable(),
  })
  .describe("The circuit breaker: opens after 5 consecutive failures, one probe after 30 s")
  .meta({ id: "CircuitBreaker" });

export const dependencyCheckSchema = z.object({
  at: z.iso.datetime(),
  status: dependencyStatusSchema,
  latency_ms: z.number().nullable(),
});
export type DependencyCheck = z.infer<typeof dependencyCheckSchema>;

export const dependencyHealthSchema = z
  .object({
    name: z.string(),
    label: z.string().describe("What the dependency is, for people"),
    status: dependencyStatusSchema,
    latency_ms: z.number().nullable(),
    message: z.string().nullable(),
    critical: z.boolean().describe("A critical dependency being unavailable makes Opsdeck unavailable"),
    lastError: z.object({ message: z.string(), at: z.iso.datetime() }).nullable(),
    breaker: breakerSnapshotSchema.nullable().describe("null when the dependency is not configured"),
    history: z.array(dependencyCheckSchema).describe("The latest checks in this instance, oldest first"),
  })
  .meta({ id: "DependencyHealth" });

export const limiterHealthSchema = z
  .object({
    store: z.enum(["redis", "memory"]),
    failMode: z.enum(["open", "closed"]),
    degraded: z.boolean().describe("The store was unreachable at the last decision; the fail mode applies"),
    degradedSince: z.iso.datetime().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "RateLimiterHealth" });

export const depsResponseSchema = z
  .object({
    status: overallStatusSchema,
    timestamp: z.string().datetime(),
    dependencies: z.record(z.string(), dependencyHealthSchema),
    rateLimiter: limiterHealthSchema,
  })
  .meta({ id: "DependenciesHealth" });

export const healthResponseSchema = z
  .object({
    status: z.enum(["healthy", "degraded"]),
    timestamp: z.string().datetime(),
    version: z.string(),
    checks: z.record(z.string(), z.enum(["healthy", "degraded", "unhealthy"])),
    tracing: z
      .object({
        enabled: z.boolean(),
        middleware: z.enum(["active", "inactive"]),
        traceIdGeneration: z.enum(["working", "failing"]),
        export: z.boolean().describe("Opsdeck stores its own spans (OPSDECK_TRACE_EXPORT)"),
        otlpGrpc: z
          .object({
            state: z.enum(["disabled", "starting", "listening", "failed", "stopped"]),
            address: z.string().optional(),
            error: z.string().optional().describe("Why it could not listen (e.g. the port is taken); OTLP/HTTP at /v1/traces still works"),
          })
          .describe("This instance's OTLP/gRPC trace receiver (OTLP_GRPC_RECEIVER, OTLP_GRPC_HOST, OTLP_GRPC_PORT)"),
      })
      .describe("The tracing check: `curl /api/health | jq '.tracing'`"),
  })
  .meta({ id: "Health" });

/** What /api/health tells a caller without a viewer's credential: the status alone. */
export const healthStatusSchema = healthResponseSchema.pick({ status: true }).meta({ id: "HealthStatus" });
export const healthAnswerSchema = z.union([healthResponseSchema, healthStatusSchema]);

export const probeResponseSchema = z.object({ status: z.enum(["ok", "degraded"]) }).meta({ id: "Probe" });

export const poolStatsSchema = z
  .object({
    activeConnections: z.number().int(),
    availableConnections: z.number().int(),
    queuedRequests: z.number().int(),
    maxConnections: z.number().int(),
    utilizationPercent: z.number(),
  })
  .meta({ id: "PoolStats" });

export const poolStatsQuerySchema = z.strictObject({
  service: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .default("opsdeck")
    .describe("The service whose reported pools to read (its `service` tag in pool_stats); `opsdeck` (the default) is Opsdeck's own pool"),
});

export const poolReportSchema = poolStatsSchema
  .extend({
    pool: z.string(),
    reportedAt: z.iso.datetime().describe("Start of the minute of the pool's latest report"),
  })
  .meta({ id: "PoolReport" });

export const servicePoolStatsSchema = poolStatsSchema
  .extend({
    service: z.string(),
    reportedAt: z.iso.datetime().nullable().describe("The latest report among the pools"),
    pools: z.array(poolReportSchema).describe("Each pool's latest report; the top-level figures add them up"),
  })
  .meta({ id: "ServicePoolStats" });

export type DependencyHealth = z.infer<typeof dependencyHealthSchema>;
export type DepsResponse = z.infer<typeof depsResponseSchema>;
export type HealthResponse = z.infer<typeof healthResponseSchema>;
export type PoolStats = z.infer<typeof poolStatsSchema>;
export type PoolReport = z.infer<typeof poolReportSchema>;
export type ServicePoolStats = z.infer<typeof servicePoolStatsSchema>;

export const systemComponentSchema = z
  .object({
    status: dependencyStatusSchema,
    message: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).describe("What the component is running with (per component; see the description)"),
  })
  .meta({ id: "SystemComponent" });

export const systemStatusSchema = z
  .object({
    status: overallStatusSchema,
    timestamp: z.iso.datetime(),
    version: z.string(),
    components: z.record(z.string(), systemComponentSchema),
  })
  .meta({ id: "SystemStatus" });
export type SystemComponent = z.infer<typeof systemComponentSchema>;
export type SystemStatus = z.infer<typeof systemStatusSchema>;
