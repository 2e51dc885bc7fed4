import { z } from "zod";
import { flagNameSchema } from "@/lib/flags/schemas";

/**
 * Release plans, their guards and templates: the shapes shared by the API, the evaluator, the
 * pages and the OpenAPI document. Rates are in percent (5 = 5 %), relative rate margins in
 * percentage points, latency margins in percent slower and latency thresholds in milliseconds.
 */

/**
 * What a guard can watch. `spans` metrics come from the services' own traces (the request's root
 * span); `metrics` ones from points the Opsdeck SDK tagged with the flag's arm.
 */
export const GUARD_METRICS = {
  error_rate: { kind: "rate", source: "spans", label: "Error rate", unit: "%" },
  latency: { kind: "mean", source: "spans", label: "Latency (geometric mean)", unit: "ms" },
  saga_compensation_rate: { kind: "rate", source: "metrics", label: "Saga compensation rate", unit: "%" },
} as const;
export type GuardMetric = keyof typeof GUARD_METRICS;
export const guardMetricSchema = z.enum(Object.keys(GUARD_METRICS) as [GuardMetric, ...GuardMetric[]], {
  error: (issue) => `unknown metric ${JSON.stringify(issue.input)}: one of ${Object.keys(GUARD_METRICS).join(", ")}`,
});

export const GUARD_ACTIONS = ["rollback", "hold", "notify"] as const;
export const guardActionSchema = z.enum(GUARD_ACTIONS);

export const guardSchema = z
  .strictObject({
    metric: guardMetricSchema,
    direction: z.enum(["higher_is_worse", "lower_is_worse"]).default("higher_is_worse"),
    relativeMargin: z
      .number()
      .min(0)
      .max(1_000)
      .optional()
      .describe("Fails when treatment is worse than control by more than this: percentage points for a rate, percent for latency"),
    absoluteThreshold: z
      .number()
      .min(0)
      .max(3_600_000)
      .optional()
      .describe("Fails when treatment alone is past this: percent for a rate (seed 000's 5), milliseconds for latency"),
    action: guardActionSchema.default("rollback"),
  })
  .refine((guard) => guard.relativeMargin !== undefined || guard.absoluteThreshold !== undefined, {
    message: "a guard needs relativeMargin, absoluteThreshold or both",
  })
  .meta({ id: "RolloutGuard" });
export type Guard = z.infer<typeof guardSchema>;

/**
 * Observations an arm needs before a guard may fail: the test is anytime-valid, but its normal
 * approximation needs a few dozen events to be honest. A stage that waits for samples waits for these too.
 */
export const MIN_TEST_SAMPLE = 100;

export const stageSchema = z
  .strictObject({
    percentage: z.number().int("a whole number of percent").min(0).max(100),
    minDwellMinutes: z.number().min(1, "a stage dwells at least one minute").max(43_200),
    minSamplePerArm: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .default(500)
      .describe(`Requests each arm needs before the stage advances, at least ${MIN_TEST_SAMPLE} (what a guard needs to judge) unless 0: the dwell alone`),
  })
  .meta({ id: "RolloutStage" });
export type Stage = z.infer<typeof stageSchema>;

const stagesSchema = z
  .array(stageSchema)
  .min(1)
  .max(20)
  .superRefine((stages, context) => {
    for (let i = 1; i < stages.length; i++) {
      if ((stages[i] as Stage).percentage <= (stages[i - 1] as Stage).percentage) {
        context.addIssue({ code: "custom", path: [i, "percentage"], message: `stages must increase: ${(stages[i] as Stage).percentage} % follows ${(stages[i - 1] as Stage).percentage} %` });
      }
    }
  });

const planSettings = {
  guards: z.array(guardSchema).min(1).max(10),
  alpha: z.number().gt(0).max(0.2).default(0.05).describe("False-rollback rate the sequential test keeps, however often it looks"),
  rollbackTo: z.enum(["zero", "previous_stage"]).default("zero"),
  noDataGraceMinutes: z.number().min(1).max(1_440).default(10).describe("A stage with no exposures after this long holds and says so"),
};

export const templateNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and '-'");

export const templateBodySchema = z
  .strictObject({ description: z.string().max(500).default(""), stages: stagesSchema, ...planSettings })
  .meta({ id: "RolloutTemplateBody" });
export type TemplateBody = z.infer<typeof templateBodySchema>;

export const templateSchema = z
  .object({
    name: templateNameSchema,
    description: z.string(),
    stages: z.array(stageSchema),
    guards: z.array(guardSchema),
    alpha: z.number(),
    rollbackTo: z.enum(["zero", "previous_stage"]),
    noDataGraceMinutes: z.number(),
    updatedAt: z.string().datetime(),
    updatedBy: z.string(),
  })
  .meta({ id: "RolloutTemplate" });
export type Template = z.infer<typeof templateSchema>;

/** A new plan: a template's settings, any of them overridden. */
export const createPlanBodySchema = z
  .strictObject({
    template: templateNameSchema.default("seed-000"),
    service: z.string().trim().min(1).max(200).describe("The service whose spans and incidents the plan watches"),
    startAt: z.iso.datetime({ offset: true }).optional().describe("Scheduled start; now when absent"),
    stages: stagesSchema.optional(),
    guards: planSettings.guards.optional(),
    alpha: z.number().gt(0).max(0.2).optional(),
    rollbackTo: z.enum(["zero", "previous_stage"]).optional(),
    noDataGraceMinutes: z.number().min(1).max(1_440).optional(),
  })
  .meta({ id: "RolloutPlanCreate" });
export type CreatePlan = z.infer<typeof createPlanBodySchema>;

export const PLAN_STATUSES = ["scheduled", "running", "paused", "completed", "rolled_back", "aborted"] as const;
export const planStatusSchema = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof planStatusSchema>;
/** A plan in one of these owns its flag's rollout (the migration's partial unique index allows one per flag). */
export const ACTIVE_STATUSES: readonly PlanStatus[] = ["scheduled", "running", "paused"];
/** Plans whose flag's metric points the SDK tags with the request's variant (a paused plan resumes on the same tags). */
export const TAGGED_STATUSES: readonly PlanStatus[] = ["running", "paused"];

export const VERDICTS = ["advance", "complete", "wait", "hold", "rollback"] as const;
export const verdictActionSchema = z.enum(VERDICTS);
export type VerdictAction = z.infer<typeof verdictActionSchema>;

const boundSchema = z.object({
  effect: z.number(),
  lower: z.number(),
  upper: z.number(),
  limit: z.number().describe("The margin or threshold, in the same units as the effect"),
  logLikelihoodRatio: z.number(),
  exceeds: z.boolean(),
});

export const guardResultSchema = z
  .object({
    index: z.number().int(),
    metric: guardMetricSchema,
    action: guardActionSchema,
    status: z.enum(["pass", "fail", "insufficient", "unavailable"]),
    treatment: z.object({ n: z.number(), value: z.number().nullable() }),
    control: z.object({ n: z.number(), value: z.number().nullable() }),
    relative: boundSchema.nullable(),
    absolute: boundSchema.nullable(),
    summary: z.string(),
  })
  .meta({ id: "RolloutGuardResult" });
export type GuardResult = z.infer<typeof guardResultSchema>;

export const sampleRatioSchema = z.object({
  treatment: z.number(),
  control: z.number(),
  expectedShare: z.number(),
  chiSquare: z.number(),
  pValue: z.number(),
  mismatch: z.boolean(),
});

export const verdictSchema = z
  .object({
    action: verdictActionSchema,
    summary: z.string().describe("The verdict in plain words"),
    reasons: z.array(z.string()),
    guards: z.array(guardResultSchema),
    sampleRatio: sampleRatioSchema.nullable(),
    notify: z.boolean(),
  })
  .meta({ id: "RolloutVerdict" });
export type Verdict = z.infer<typeof verdictSchema>;

export const planSchema = z
  .object({
    id: z.number().int(),
    flagName: flagNameSchema,
    service: z.string(),
    template: z.string().nullable(),
    status: planStatusSchema,
    stages: z.array(stageSchema),
    guards: z.array(guardSchema),
    alpha: z.number(),
    rollbackTo: z.enum(["zero", "previous_stage"]),
    noDataGraceMinutes: z.number(),
    currentStage: z.number().int().describe("Index of the stage applied last; -1 before the start"),
    stageStartedAt: z.string().datetime().nullable(),
    startAt: z.string().datetime(),
    nextStepDueAt: z.string().datetime().nullable().describe("When the current stage's dwell ends"),
    lastVerdict: verdictSchema.nullable(),
    lastEvaluatedAt: z.string().datetime().nullable(),
    statusReason: z.string().nullable(),
    incidentId: z.number().int().nullable(),
    createdAt: z.string().datetime(),
    createdBy: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "RolloutPlan" });
export type Plan = z.infer<typeof planSchema>;

export const evaluationSchema = z
  .object({
    id: z.string(),
    at: z.string().datetime(),
    stage: z.number().int(),
    percentage: z.number().int(),
    action: verdictActionSchema,
    summary: z.string(),
    verdict: verdictSchema,
  })
  .meta({ id: "RolloutEvaluation" });
export type Evaluation = z.infer<typeof evaluationSchema>;

export const planIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export const templateParamsSchema = z.object({ name: templateNameSchema });
export const flagPlansParamsSchema = z.object({ name: flagNameSchema });

export const listPlansQuerySchema = z.strictObject({
  flag: flagNameSchema.optional(),
  active: z.enum(["true", "false"]).optional().transform((value) => value === "true"),
});

export const planActionBodySchema = z.strictObject({
  reason: z.string().trim().max(500).optional(),
  version: z.number().int().positive().optional().describe("The plan version you saw; a stale one gets 409"),
});

export const evaluationsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(2_000).default(200),
});
