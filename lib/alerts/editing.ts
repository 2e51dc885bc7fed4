import type { z } from "zod";
import { ruleInputSchema, type Rule, type RuleInput, type Slo, sloInputSchema, type SloInput } from "@/lib/alerts/schemas";
import { M } from "@/lib/metrics/measurements";

/**
 * The rule and SLO editors' form values (every field a string, as inputs hold them) and their
 * way back to the API's input, validated by the same schemas the API applies. The query and the
 * SLI are edited as JSON: their shapes (aggregate or ratio, selectors) are the API's own.
 */
export type FieldErrors = Record<string, string>;

type Issue = Pick<z.core.$ZodIssue, "path" | "message">;

/** An issue's field is the form control it belongs to; the rest of its path goes into the message. */
function fieldErrors(issues: readonly Issue[], fieldOf: (path: PropertyKey[]) => { field: string; rest: PropertyKey[] }): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const { field, rest } = fieldOf([...issue.path]);
    const message = issue.message.replace(/^Invalid input: /, "");
    errors[field] ??= rest.length ? `${rest.join(".")}: ${message}` : message;
  }
  return errors;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
}

/** A number typed into an input; anything else is passed on as text for the schema to refuse by name. */
const numberOrText = (text: string): number | string => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);

// --- Rules ----------------------------------------------------------------------------------

export interface RuleFormValues {
  name: string;
  description: string;
  severity: string;
  query: string;
  comparison: string;
  threshold: string;
  for: string;
  keepFiringFor: string;
  summary: string;
  runbook: string;
  enabled: boolean;
}

export const NEW_RULE_QUERY = { kind: "aggregate", measurement: M.request, field: "duration_ms", aggregate: { fn: "percentile", p: 95 }, groupBy: ["endpoint"], window: "5m" };

export function ruleFormValues(rule?: Rule): RuleFormValues {
  return {
    name: rule?.name ?? "",
    description: rule?.description ?? "",
    severity: rule?.labels.severity ?? "warning",
    query: JSON.stringify(rule?.query ?? NEW_RULE_QUERY, null, 2),
    comparison: rule?.comparison ?? ">",
    threshold: rule ? String(rule.threshold) : "",
    for: rule?.for ?? "5m",
    keepFiringFor: rule?.keepFiringFor ?? "0s",
    summary: rule?.annotations.summary ?? "",
    runbook: rule?.annotations.runbook ?? "",
    enabled: rule?.enabled ?? true,
  };
}

const ruleField = (path: PropertyKey[]) => {
  const [head, next, ...rest] = path.map(String);
  if (head === "labels") return { field: "severity", rest: next && next !== "severity" ? [next, ...rest] : [] };
  if (head === "annotations" && (next === "summary" || next === "runbook")) return { field: next, rest };
  if (head === "annotations") return { field: "summary", rest: next ? [next, ...rest] : [] };
  return { field: head ?? "name", rest: next ? [next, ...rest] : [] };
};

/**
 * The API input for the form, or the errors per field. Labels other than severity, the
 * annotation's description and the chart series the form does not show are kept from `rule`.
 */
export function ruleInputFromForm(values: RuleFormValues, rule?: Rule): { input: RuleInput } | { errors: FieldErrors } {
  const query = parseJson(values.query);
  if (!query.ok) return { errors: { query: query.message } };
  const parsed = ruleInputSchema.safeParse({
    name: values.name,
    description: values.description,
    query: query.value,
    comparison: values.comparison,
    threshold: numberOrText(values.threshold),
    for: values.for,
    keepFiringFor: values.keepFiringFor,
    labels: { ...rule?.labels, severity: values.severity },
    annotations: {
      summary: values.summary,
      ...(rule?.annotations.description ? { description: rule.annotations.description } : {}),
      ...(values.runbook.trim() ? { runbook: values.runbook.trim() } : {}),
    },
    ...(rule?.series ? { series: rule.series } : {}),
    enabled: values.enabled,
  });
  return parsed.success ? { input: parsed.data } : { errors: ruleFieldErrors(parsed.error.issues) };
}

/** The API's 400 issues (paths from the body's root) on the rule form's fields. */
export const ruleFieldErrors = (issues: readonly Issue[]) => fieldErrors(issues, ruleField);

/** A rule as the API takes it back, with `enabled` changed: what the enable/disable switch sends. */
export function ruleWithEnabled(rule: Rule, enabled: boolean): RuleInput & { version: number } {
  return {
    version: rule.version,
    name: rule.name,
    description: rule.description,
    query: rule.query,
    comparison: rule.comparison,
    threshold: rule.threshold,
    for: rule.for,
    keepFiringFor: rule.keepFiringFor,
    labels: rule.labels as RuleInput["labels"],
    annotations: rule.annotations,
    ...(rule.series ? { series: rule.series } : {}),
    enabled,
  };
}

// --- SLOs -----------------------------------------------------------------------------------

export interface SloFormValues {
  name: string;
  displayName: string;
  description: string;
  service: string;
  sli: string;
  objective: string;
  window: string;
  runbook: string;
  enabled: boolean;
}

export const NEW_SLO_SLI = { bad: { measurement: M.error }, total: { measurement: M.request } };

export function sloFormValues(slo?: Slo): SloFormValues {
  return {
    name: slo?.name ?? "",
    displayName: slo?.displayName ?? "",
    description: slo?.description ?? "",
    service: slo?.service ?? "",
    sli: JSON.stringify(slo?.sli ?? NEW_SLO_SLI, null, 2),
    objective: slo ? String(slo.objective) : "99.5",
    window: slo?.window ?? "30d",
    runbook: slo?.runbook ?? "",
    enabled: slo?.enabled ?? true,
  };
}

const sloField = (path: PropertyKey[]) => {
  const [head, ...rest] = path.map(String);
  return { field: head ?? "name", rest };
};

export const sloFieldErrors = (issues: readonly Issue[]) => fieldErrors(issues, sloField);

/** The API input for the SLO form, or the errors per field; its labels are kept from `slo`. */
export function sloInputFromForm(values: SloFormValues, slo?: Slo): { input: SloInput } | { errors: FieldErrors } {
  const sli = parseJson(values.sli);
  if (!sli.ok) return { errors: { sli: sli.message } };
  const parsed = sloInputSchema.safeParse({
    name: values.name,
    ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
    description: values.description,
    service: values.service,
    sli: sli.value,
    objective: numberOrText(values.objective),
    window: values.window,
    labels: slo?.labels ?? {},
    ...(values.runbook.trim() ? { runbook: values.runbook.trim() } : {}),
    enabled: values.enabled,
  });
  return parsed.success ? { input: parsed.data } : { errors: sloFieldErrors(parsed.error.issues) };
}

export function sloWithEnabled(slo: Slo, enabled: boolean): SloInput & { version: number } {
  return {
    version: slo.version,
    name: slo.name,
    ...(slo.displayName ? { displayName: slo.displayName } : {}),
    description: slo.description,
    service: slo.service,
    sli: slo.sli,
    objective: slo.objective,
    window: slo.window,
    labels: slo.labels,
    ...(slo.runbook ? { runbook: slo.runbook } : {}),
    enabled,
  };
}
