import { z } from "zod";
import { durationSchema } from "@/lib/alerts/duration";
import { QUERYABLE, queryableMeasurement } from "@/lib/alerts/measurements";
import { SEVERITIES } from "@/lib/incidents/schemas";
import { MAX_RANGE_MS, seriesNameSchema } from "@/lib/metrics/schemas";

const DAY = 86_400_000;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const labelName = z.string().regex(LABEL_NAME, "label names are letters, digits and _ , not starting with a digit").max(100);
const labelsSchema = z.record(labelName, z.string().max(500)).default({});
const tagName = z.string().min(1).max(100);
const tagValue = z.string().max(500);

export const aggregateSchema = z.discriminatedUnion("fn", [
  z.object({ fn: z.enum(["count", "sum", "mean", "min", "max"]) }),
  z.object({ fn: z.literal("percentile"), p: z.number().gt(0).max(100) }),
]);

/**
 * Events counted from one measurement: points whose tags match `where` (a list means any of) and,
 * with `below`, whose field is under that value ("requests under 500 ms").
 */
export const selectorSchema = z.object({
  measurement: z.string().min(1),
  field: z.string().min(1).optional().describe("Default: the measurement's first field (duration_ms for most)"),
  where: z.record(tagName, z.union([tagValue, z.array(tagValue).min(1).max(50)])).optional(),
  below: z.number().finite().optional(),
});
export type Selector = z.infer<typeof selectorSchema>;

const windowSchema = durationSchema({ minMs: 1000, maxMs: MAX_RANGE_MS });

/** A rule's query, in the terms of the metrics store's typed queries (lib/metrics/store/types). */
export const ruleQuerySchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("aggregate"),
    measurement: z.string().min(1),
    field: z.string().min(1),
    aggregate: aggregateSchema,
    where: z.record(tagName, tagValue).optional(),
    groupBy: z.array(tagName).max(5).default([]),
    window: windowSchema,
  }),
  z.object({
    kind: z.literal("ratio").describe("Counted events over counted events, e.g. errors over requests"),
    numerator: selectorSchema,
    denominator: selectorSchema,
    groupBy: z.array(tagName).max(5).default([]),
    window: windowSchema,
  }),
]);
export type RuleQuery = z.infer<typeof ruleQuerySchema>;

type Issues = z.RefinementCtx;

/** Unknown measurements, fields and tags are refused with the names that do exist. */
export function checkSelector(selector: { measurement: string; field?: string; tags: string[] }, context: Issues, path: (string | number)[]) {
  const known = queryableMeasurement(selector.measurement);
  if (!known) {
    context.addIssue({ code: "custom", path: [...path, "measurement"], message: `unknown measurement ${JSON.stringify(selector.measurement)}; known: ${Object.keys(QUERYABLE).join(", ")}` });
    return;
  }
  if (selector.field !== undefined && !known.fields.includes(selector.field)) {
    context.addIssue({ code: "custom", path: [...path, "field"], message: `${selector.measurement} has no field ${JSON.stringify(selector.field)}; it has ${known.fields.join(", ")}` });
  }
  for (const tag of selector.tags) {
    if (!known.tags.includes(tag)) {
      context.addIssue({ code: "custom", path, message: `${selector.measurement} has no tag ${JSON.stringify(tag)}; it has ${known.tags.join(", ")}` });
    }
  }
}

const selectorTags = (selector: Selector, groupBy: string[] = []) => [...Object.keys(selector.where ?? {}), ...groupBy];

export function checkRuleQuery(query: RuleQuery, context: Issues, path: (string | number)[] = ["query"]) {
  if (query.kind === "aggregate") {
    checkSelector({ measurement: query.measurement, field: query.field, tags: [...Object.keys(query.where ?? {}), ...query.groupBy] }, context, path);
  } else {
    checkSelector({ ...query.numerator, tags: selectorTags(query.numerator, query.groupBy) }, context, [...path, "numerator"]);
    checkSelector({ ...query.denominator, tags: selectorTags(query.denominator, query.groupBy) }, context, [...path, "denominator"]);
  }
}

export const comparisonSchema = z.enum([">", ">=", "<", "<="]);

const severityLabel = z.enum(SEVERITIES);
const runbookSlug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a runbook slug, as in /runbooks/<slug>").max(100);

export const ruleInputSchema = z
  .object({
    name: z.string().regex(LABEL_NAME, "a rule name is an alertname: letters, digits and _").max(100),
    description: z.string().max(2000).default(""),
    query: ruleQuerySchema,
    comparison: comparisonSchema,
    threshold: z.number().finite(),
    for: durationSchema({ maxMs: DAY }).default("0s"),
    keepFiringFor: durationSchema({ maxMs: DAY }).default("0s"),
    labels: labelsSchema.and(z.object({ severity: severityLabel })),
    annotations: z
      .object({ summary: z.string().min(1).max(500), description: z.string().max(2000).optional(), runbook: runbookSlug.optional() })
      .describe("`runbook` is attached to the incident the rule opens"),
    series: seriesNameSchema.optional().describe("The metrics chart this rule's value belongs on (its threshold is drawn there)"),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, context) => checkRuleQuery(rule.query, context));
export type RuleInput = z.infer<typeof ruleInputSchema>;

export const ruleUpdateSchema = z.object({ version: z.number().int().min(1).describe("The version you read; a stale one is a 409") }).and(ruleInputSchema);

export const alertStateSchema = z.enum(["pending", "firing", "resolved"]);
export const ruleStateSchema = z.enum(["unknown", "firing", "pending", "inactive", "disabled"]);

export const alertInstanceSchema = z.object({
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  state: alertStateSchema,
  value: z.number().nullable(),
  activeAt: z.iso.datetime(),
  firedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  silenced: z.boolean(),
});

export const transitionSchema = z.object({
  id: z.string(),
  ruleKey: z.string(),
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  from: z.string(),
  to: z.string(),
  at: z.iso.datetime(),
  value: z.number().nullable(),
});

export const ruleSchema = z
  .object({
    id: z.number().int(),
    key: z.string().describe("`rule:<id>`: the key of its alerts and transitions"),
    defaultKey: z.string().nullable().describe("Set on the rules Opsdeck ships from the seeds"),
    ...ruleInputSchema.shape,
    labels: z.record(z.string(), z.string()),
    version: z.number().int(),
    state: ruleStateSchema,
    health: z.enum(["ok", "unknown"]),
    lastError: z.string().nullable(),
    lastEvaluatedAt: z.iso.datetime().nullable(),
    pendingSince: z.iso.datetime().nullable(),
    currentValue: z.number().nullable().describe("The highest-priority series' value at the last evaluation"),
    alerts: z.array(alertInstanceSchema),
  })
  .meta({ id: "AlertRule" });
export type Rule = z.infer<typeof ruleSchema>;

export const unavailableRuleSchema = z.object({
  name: z.string(),
  threshold: z.string(),
  source: z.string(),
  reason: z.string(),
});

export const ruleListSchema = z
  .object({ rules: z.array(ruleSchema), unavailable: z.array(unavailableRuleSchema), evaluationIntervalSeconds: z.number().int() })
  .meta({ id: "AlertRuleList" });

export const ruleDetailSchema = ruleSchema.extend({ transitions: z.array(transitionSchema) }).meta({ id: "AlertRuleDetail" });

export const idParamsSchema = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
export const historyQuerySchema = z.object({
  rule: z.string().max(50).optional().describe("Only this rule key, e.g. rule:3 or slo:2"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const historySchema = z.object({ transitions: z.array(transitionSchema) }).meta({ id: "AlertHistory" });

// --- Silences -------------------------------------------------------------------------------

/** Alertmanager v2's matcher shape, so a silence reads the same in Opsdeck and in amtool. */
export const matcherSchema = z
  .object({
    name: labelName,
    value: z.string().max(500),
    isRegex: z.boolean().default(false),
    isEqual: z.boolean().default(true),
  })
  .superRefine((matcher, context) => {
    if (!matcher.isRegex) return;
    try {
      new RegExp(`^(?:${matcher.value})$`);
    } catch (error) {
      context.addIssue({ code: "custom", path: ["value"], message: `not a regular expression: ${(error as Error).message}` });
    }
  });
export type Matcher = z.infer<typeof matcherSchema>;

const iso = z.iso.datetime({ offset: true });

export const silenceInputSchema = z
  .object({
    matchers: z.array(matcherSchema).min(1, "a silence needs at least one matcher").max(20),
    startsAt: iso.optional().describe("Default: now"),
    endsAt: iso,
    comment: z.string().trim().min(1, "say why").max(1000),
  })
  .superRefine((silence, context) => {
    const starts = silence.startsAt ? Date.parse(silence.startsAt) : Date.now();
    if (Date.parse(silence.endsAt) <= starts) context.addIssue({ code: "custom", path: ["endsAt"], message: "endsAt must be after startsAt" });
    if (silence.matchers.every((matcher) => !matcher.isEqual || (matcher.isRegex && /^\.\*$/.test(matcher.value)))) {
      context.addIssue({ code: "custom", path: ["matchers"], message: "at least one matcher must select something (not only negations or .*)" });
    }
  });
export type SilenceInput = z.infer<typeof silenceInputSchema>;

export const silenceSchema = z
  .object({
    id: z.number().int(),
    matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean() })),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    createdBy: z.string(),
    comment: z.string(),
    createdAt: z.iso.datetime(),
    status: z.enum(["pending", "active", "expired"]),
    alertmanagerId: z.string().nullable().describe("The same silence in Alertmanager, when ALERTMANAGER_URL is set"),
  })
  .meta({ id: "Silence" });
export const silenceListSchema = z.object({ silences: z.array(silenceSchema) }).meta({ id: "SilenceList" });

// --- SLOs -----------------------------------------------------------------------------------

export const sliSchema = z
  .object({
    good: selectorSchema.optional(),
    bad: selectorSchema.optional(),
    total: selectorSchema,
  })
  .describe("A ratio SLI: good (or bad) events over total events");

export const SLO_WINDOWS = ["28d", "30d"] as const;

export const sloInputSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and -"),
    displayName: z.string().max(200).optional(),
    description: z.string().max(2000).default(""),
    service: z.string().min(1).max(100),
    sli: sliSchema,
    objective: z.number().gt(0, "the objective is a percentage strictly between 0 and 100").lt(100, "the objective is a percentage strictly between 0 and 100"),
    window: z.enum(SLO_WINDOWS).default("30d"),
    labels: labelsSchema,
    runbook: runbookSlug.optional(),
    enabled: z.boolean().default(true),
  })
  .superRefine((slo, context) => {
    if (Boolean(slo.sli.good) === Boolean(slo.sli.bad)) {
      context.addIssue({ code: "custom", path: ["sli"], message: "give exactly one of good and bad" });
    }
    for (const part of ["good", "bad", "total"] as const) {
      const selector = slo.sli[part];
      if (selector) checkSelector({ ...selector, tags: Object.keys(selector.where ?? {}) }, context, ["sli", part]);
    }
  });
export type SloInput = z.infer<typeof sloInputSchema>;
export const sloUpdateSchema = z.object({ version: z.number().int().min(1) }).and(sloInputSchema);

export const correctionInputSchema = z
  .object({ startsAt: iso, endsAt: iso, reason: z.string().trim().min(1, "say what the maintenance is").max(1000) })
  .refine((correction) => Date.parse(correction.endsAt) > Date.parse(correction.startsAt), { path: ["endsAt"], message: "endsAt must be after startsAt" });

export const correctionSchema = z.object({
  id: z.number().int(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  reason: z.string(),
  createdBy: z.string(),
});

export const burnAlertSchema = z.object({
  key: z.string(),
  severity: z.enum(["page", "ticket"]),
  factor: z.number(),
  longWindow: z.string(),
  shortWindow: z.string(),
  longBurnRate: z.number().nullable(),
  shortBurnRate: z.number().nullable(),
  state: z.enum(["inactive", "firing", "resolved", "pending"]),
});

export const sloSchema = z
  .object({
    id: z.number().int(),
    key: z.string(),
    ...sloInputSchema.shape,
    labels: z.record(z.string(), z.string()),
    version: z.number().int(),
    health: z.enum(["ok", "unknown"]),
    lastError: z.string().nullable(),
    lastEvaluatedAt: z.iso.datetime().nullable(),
    budgetRemaining: z.number().nullable().describe("1 untouched, 0 spent, below 0 overspent; null before the first evaluation"),
    errorRatio: z.number().nullable(),
    burnRates: z.record(z.string(), z.number().nullable()).describe("By window: 5m, 30m, 1h, 6h, 3d"),
    timeToExhaustionSeconds: z.number().nullable().describe("At the 1 h burn rate; null when not burning"),
    burnAlerts: z.array(burnAlertSchema),
    corrections: z.array(correctionSchema),
  })
  .meta({ id: "Slo" });
export type Slo = z.infer<typeof sloSchema>;
export const sloListSchema = z.object({ slos: z.array(sloSchema) }).meta({ id: "SloList" });

export const sloDetailSchema = sloSchema
  .extend({
    range: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    burnDown: z.array(z.object({ time: z.number(), remaining: z.number() })),
    burnRateSeries: z.array(z.object({ time: z.number(), burn1h: z.number().nullable(), burn6h: z.number().nullable() })),
    annotations: z.array(
      z.object({ kind: z.enum(["incident", "flag", "correction"]), at: z.number(), endAt: z.number().nullable(), label: z.string(), href: z.string().nullable() }),
    ),
  })
  .meta({ id: "SloDetail" });
export type SloDetail = z.infer<typeof sloDetailSchema>;

export const importResultSchema = z.object({ slos: z.array(sloSchema) }).meta({ id: "OpenSloImport" });
