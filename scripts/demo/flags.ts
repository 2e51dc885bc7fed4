import { systemActor } from "@/lib/audit";
import { db } from "@/lib/db";
import type { FlagCreate } from "@/lib/flags/schemas";
import { createFlag } from "@/lib/flags/service";
import type { DemoPart } from "./part";

/** The seeds' flags, at the stages of seed 000's rollout plan (day 1 → day 4) a few days in. */
const DEMO_FLAGS: FlagCreate[] = [
  {
    name: "priority_1_3_constant_time_auth",
    description: "Prevents timing attacks on auth: every login takes 500 ms ± jitter",
    enabled: true,
    rolloutPercentage: 50,
    targetUsers: ["admin1", "admin2"],
    targetEnvironments: ["staging", "production"],
    metadata: { owner: "auth", runbook: "RUNBOOK_AUTH_TIMING", stage: "day 3: 50 % if healthy" },
  },
  {
    name: "priority_2_1_saga_pattern",
    description: "Document uploads as saga transactions with compensation (rollback) on failure",
    enabled: true,
    rolloutPercentage: 100,
    targetUsers: [],
    targetEnvironments: [],
    metadata: { owner: "documents", runbook: "RUNBOOK_SAGA_FAILURES", stage: "day 4: full rollout" },
  },
  {
    name: "priority_1_1_vector_validation",
    description: "Fail loudly when the vector search service is unavailable instead of returning no results",
    enabled: true,
    rolloutPercentage: 10,
    targetUsers: [],
    targetEnvironments: ["staging", "production"],
    metadata: { owner: "search", runbook: "RUNBOOK_VECTOR_ERRORS", stage: "day 2: 10 % canary" },
  },
  {
    name: "priority_2_2_rbac_api_filtering",
    description: "Filter search results by department permissions in the API layer",
    enabled: true,
    rolloutPercentage: 0,
    targetUsers: ["admin1", "admin2"],
    targetEnvironments: [],
    metadata: { owner: "search", stage: "day 1: testing only (target users)" },
  },
  {
    name: "priority_2_3_cache_invalidation",
    description: "Invalidate document caches on update events",
    enabled: true,
    rolloutPercentage: 100,
    targetUsers: [],
    targetEnvironments: ["dev", "staging", "production"],
    metadata: { owner: "platform", runbook: "RUNBOOK_CACHE_STALE" },
  },
  {
    name: "priority_2_4_connection_pool_limits",
    description: "Queue requests when the database pool is exhausted instead of failing them",
    enabled: false,
    rolloutPercentage: 100,
    targetUsers: [],
    targetEnvironments: [],
    metadata: { owner: "platform" },
  },
  {
    name: "rate-limiter",
    description: "Email-based login rate limiting (5 failed attempts lock the account)",
    enabled: true,
    rolloutPercentage: 100,
    targetUsers: [],
    targetEnvironments: ["production"],
    metadata: { owner: "auth", runbook: "RUNBOOK_RATE_LIMIT" },
  },
];

export const flagsDemo: DemoPart = {
  name: "flags",
  async seed() {
    const existing = new Set((await db().featureFlag.findMany({ select: { name: true } })).map((row) => row.name));
    const actor = systemActor("demo");
    for (const flag of DEMO_FLAGS) if (!existing.has(flag.name)) await createFlag(flag, actor);
  },
};
