import type { Rule } from "@/lib/alerts/schemas";

/**
 * What a metrics chart draws of the alert rules placed on it (a rule's `series`): each enabled
 * rule's threshold as a line named in the chart's key, and the periods its alerts fired as shaded spans. The
 * charts draw ratios as percentages, so a ratio rule's threshold (a fraction) is scaled to match.
 */
export interface RuleThreshold {
  y: number;
  label: string;
  tone: "alert";
}

export interface FiringPeriod {
  fromMs: number;
  toMs: number;
  label: string;
}

type ChartRule = Pick<Rule, "name" | "enabled" | "series" | "comparison" | "threshold" | "query" | "alerts">;

const drawn = (rule: ChartRule, value: number) => (rule.query.kind === "ratio" ? Number((value * 100).toPrecision(12)) : value);
const shown = (rule: ChartRule) => {
  const value = drawn(rule, rule.threshold);
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
  return rule.query.kind === "ratio" ? `${text} %` : text;
};

export function ruleOverlays(rules: readonly ChartRule[], series: string, window: { fromMs: number; toMs: number }): { thresholds: RuleThreshold[]; firing: FiringPeriod[] } {
  const placed = rules.filter((rule) => rule.enabled && rule.series === series);
  const thresholds = placed.map((rule) => ({ y: drawn(rule, rule.threshold), label: `${rule.name} ${rule.comparison} ${shown(rule)}`, tone: "alert" as const }));
  const firing: FiringPeriod[] = [];
  for (const rule of placed) {
    for (const alert of rule.alerts) {
      if (!alert.firedAt) continue;
      const fromMs = Math.max(Date.parse(alert.firedAt), window.fromMs);
      const toMs = Math.min(alert.resolvedAt ? Date.parse(alert.resolvedAt) : window.toMs, window.toMs);
      if (toMs > fromMs) firing.push({ fromMs, toMs, label: `${rule.name} firing` });
    }
  }
  return { thresholds, firing };
}
