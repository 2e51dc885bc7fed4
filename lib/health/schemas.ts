import { z } from "zod";

export const dependencyStatusSchema = z.enum(["ok", "degraded", "unavailable"]);
export type DependencyStatus = z.infer<typeof dependencyStatusSchema>;

export const dependencyHealthSchema = z
  .object({
    name: z.string(),
    status: dependencyStatusSchema,
    latency_ms: z.number().nullable(),
    message: z.string().nullable(),
    critical: z.boolean().describe("A critical dependency being unavailable makes Opsdeck unavailable"),
  })
  .meta({ id: "DependencyHealth" });

export const depsResponseSchema = z
  .object({
    status: dependencyStatusSchema,
    timestamp: z.string().datetime(),
    dependencies: z.record(z.string(), dependencyHealthSchema),
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
      })
      .describe("Seed 001's tracing check: `curl /api/health | jq '.tracing'`"),
  })
  .meta({ id: "Health" });

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

export type DependencyHealth = z.infer<typeof dependencyHealthSchema>;
export type DepsResponse = z.infer<typeof depsResponseSchema>;
export type HealthResponse = z.infer<typeof healthResponseSchema>;
export type PoolStats = z.infer<typeof poolStatsSchema>;
