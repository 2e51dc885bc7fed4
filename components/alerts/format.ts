import type { Rule } from "@/lib/alerts/schemas";
import type { Tone } from "@/components/ui/badge";

/** A rule's state as the badge shows it. */
export const STATE_TONE: Record<Rule["state"], Tone> = { firing: "danger", pending: "warn", unknown: "warn", inactive: "ok", disabled: "neutral" };

/** Ratios as percentages, everything else as the number it is. */
export function formatValue(value: number | null, query: Rule["query"]): string {
  if (value === null) return "—";
  if (query.kind === "ratio") return `${(value * 100).toFixed(2)} %`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export const formatThreshold = (rule: Pick<Rule, "comparison" | "threshold" | "query">) => `${rule.comparison} ${formatValue(rule.threshold, rule.query)}`;

export const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : "—");

export function formatDurationSeconds(seconds: number | null): string {
  if (seconds === null) return "not burning";
  if (seconds <= 0) return "spent";
  const hours = seconds / 3600;
  return hours >= 48 ? `${Math.round(hours / 24)} days` : hours >= 1 ? `${hours.toFixed(1)} h` : `${Math.round(seconds / 60)} min`;
}

export const percent = (fraction: number | null) => (fraction === null ? "—" : `${(fraction * 100).toFixed(1)} %`);
