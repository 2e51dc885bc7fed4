import { parseAllDocuments, stringify } from "yaml";
import { z } from "zod";
import { formatDuration, parseDuration } from "@/lib/alerts/duration";
import { type Selector, selectorSchema, type SloInput, sloInputSchema } from "@/lib/alerts/schemas";
import { BURN_ALERT_POLICIES } from "@/lib/alerts/slo-math";

/**
 * OpenSLO v1 (github.com/OpenSLO/OpenSLO, v1): an SLO with an inline ratio indicator and its
 * alert policy. The metric source is `type: opsdeck`, whose spec is Opsdeck's selector
 * (measurement, field, where, below). The alert policy is the workbook's three burn-rate
 * conditions — Opsdeck generates exactly those, so an import naming others is refused rather
 * than silently evaluated differently.
 */
const RUNBOOK_ANNOTATION = "opsdeck.io/runbook";

const metricSource = z.object({ metricSource: z.object({ type: z.literal("opsdeck", "metricSource.type must be opsdeck"), spec: selectorSchema }) });

const conditionSchema = z.object({
  kind: z.literal("AlertCondition"),
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    severity: z.string(),
    condition: z.object({ kind: z.literal("burnrate"), op: z.enum(["gt", "gte"]), threshold: z.number(), lookbackWindow: z.string(), alertAfter: z.string() }),
  }),
});

export const openSloDocumentSchema = z.object({
  apiVersion: z.literal("openslo/v1", "apiVersion must be openslo/v1"),
  kind: z.literal("SLO", "only kind SLO documents are imported"),
  metadata: z.object({
    name: z.string(),
    displayName: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.object({
    description: z.string().optional(),
    service: z.string(),
    indicator: z.object({
      metadata: z.object({ name: z.string() }),
      spec: z.object({
        ratioMetric: z.object({ counter: z.boolean().optional(), good: metricSource.optional(), bad: metricSource.optional(), total: metricSource }),
      }),
    }),
    timeWindow: z
      .array(z.object({ duration: z.enum(["28d", "30d"], "the time window is 28d or 30d"), isRolling: z.literal(true, "only rolling windows") }))
      .length(1, "exactly one time window"),
    budgetingMethod: z.literal("Occurrences", "only the Occurrences budgeting method (a ratio of events)"),
    objectives: z.array(z.object({ displayName: z.string().optional(), target: z.number().gt(0).lt(1) })).length(1, "exactly one objective"),
    alertPolicies: z
      .array(
        z.object({
          kind: z.literal("AlertPolicy"),
          metadata: z.object({ name: z.string() }),
          spec: z.object({ description: z.string().optional(), alertWhenBreaching: z.boolean().optional(), conditions: z.array(conditionSchema) }),
        }),
      )
      .optional(),
  }),
});
type OpenSloDocument = z.infer<typeof openSloDocumentSchema>;

const percent = (target: number) => Number((target * 100).toFixed(10));
const fraction = (objective: number) => Number((objective / 100).toFixed(12));

const source = (selector: Selector) => ({ metricSource: { type: "opsdeck" as const, spec: selector } });

function conditions() {
  return BURN_ALERT_POLICIES.map((policy) => ({
    kind: "AlertCondition" as const,
    metadata: { name: `${policy.severity}-${policy.key.replace("/", "-")}` },
    spec: {
      severity: policy.severity,
      condition: { kind: "burnrate" as const, op: "gt" as const, threshold: policy.factor, lookbackWindow: formatDuration(policy.longMs), alertAfter: formatDuration(policy.shortMs) },
    },
  }));
}

export function toOpenSlo(slo: SloInput): OpenSloDocument {
  return {
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: {
      name: slo.name,
      ...(slo.displayName ? { displayName: slo.displayName } : {}),
      ...(Object.keys(slo.labels).length ? { labels: slo.labels } : {}),
      ...(slo.runbook ? { annotations: { [RUNBOOK_ANNOTATION]: slo.runbook } } : {}),
    },
    spec: {
      ...(slo.description ? { description: slo.description } : {}),
      service: slo.service,
      indicator: {
        metadata: { name: `${slo.name}-sli` },
        spec: { ratioMetric: { counter: true, ...(slo.sli.good ? { good: source(slo.sli.good) } : { bad: source(slo.sli.bad as Selector) }), total: source(slo.sli.total) } },
      },
      timeWindow: [{ duration: slo.window, isRolling: true }],
      budgetingMethod: "Occurrences",
      objectives: [{ target: fraction(slo.objective) }],
      alertPolicies: [
        {
          kind: "AlertPolicy",
          metadata: { name: `${slo.name}-burn-rate` },
          spec: { description: "Google SRE workbook multi-window, multi-burn-rate alerts", alertWhenBreaching: true, conditions: conditions() },
        },
      ],
    },
  };
}

export const exportOpenSlo = (slos: SloInput[]): string => slos.map((slo) => stringify(toOpenSlo(slo))).join("---\n");

export type ImportIssue = { path: (string | number)[]; message: string };

function policyIssues(document: OpenSloDocument, index: number): ImportIssue[] {
  const wanted = conditions().map((condition) => JSON.stringify(condition.spec.condition));
  const issues: ImportIssue[] = [];
  document.spec.alertPolicies?.forEach((policy, p) =>
    policy.spec.conditions.forEach((condition, c) => {
      const normalised = { ...condition.spec.condition, lookbackWindow: formatDuration(parseDuration(condition.spec.condition.lookbackWindow) ?? -1), alertAfter: formatDuration(parseDuration(condition.spec.condition.alertAfter) ?? -1) };
      if (!wanted.includes(JSON.stringify(normalised))) {
        issues.push({
          path: [index, "spec", "alertPolicies", p, "spec", "conditions", c],
          message: "Opsdeck evaluates the workbook's burn-rate conditions only (14.4× 1h/5m, 6× 6h/30m, 1× 3d/6h)",
        });
      }
    }),
  );
  return issues;
}

/** Parses one or more OpenSLO documents into SLO inputs, or every issue found (nothing is half-imported). */
export function importOpenSlo(text: string): { slos: SloInput[] } | { issues: ImportIssue[] } {
  const documents = parseAllDocuments(text);
  const issues: ImportIssue[] = [];
  const slos: SloInput[] = [];
  const list = Array.isArray(documents) ? documents : [documents];
  if (list.length === 0) return { issues: [{ path: [], message: "no YAML document" }] };
  list.forEach((document, index) => {
    if (document.errors.length) {
      issues.push(...document.errors.map((error) => ({ path: [index], message: `YAML: ${error.message}` })));
      return;
    }
    const parsed = openSloDocumentSchema.safeParse(document.toJS());
    if (!parsed.success) {
      issues.push(...parsed.error.issues.map((issue) => ({ path: [index, ...issue.path.map((part) => (typeof part === "symbol" ? String(part) : part))], message: issue.message })));
      return;
    }
    issues.push(...policyIssues(parsed.data, index));
    const { metadata, spec } = parsed.data;
    const ratio = spec.indicator.spec.ratioMetric;
    const input = sloInputSchema.safeParse({
      name: metadata.name,
      displayName: metadata.displayName,
      description: spec.description ?? "",
      service: spec.service,
      sli: { good: ratio.good?.metricSource.spec, bad: ratio.bad?.metricSource.spec, total: ratio.total.metricSource.spec },
      objective: percent(spec.objectives[0]?.target ?? 0),
      window: spec.timeWindow[0]?.duration,
      labels: metadata.labels ?? {},
      runbook: metadata.annotations?.[RUNBOOK_ANNOTATION],
    });
    if (!input.success) issues.push(...input.error.issues.map((issue) => ({ path: [index, ...issue.path.map(String)], message: issue.message })));
    else slos.push(input.data);
  });
  const names = slos.map((slo) => slo.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) issues.push({ path: [index, "metadata", "name"], message: `SLO ${name} appears twice` });
  });
  return issues.length ? { issues } : { slos };
}
