import type { Matcher } from "@/lib/alerts/schemas";

/** Alertmanager's matching: every matcher holds; a missing label reads as "". Regexes are anchored. */
export function matchesAll(labels: Record<string, string>, matchers: Pick<Matcher, "name" | "value" | "isRegex" | "isEqual">[]): boolean {
  return matchers.every((matcher) => {
    const actual = labels[matcher.name] ?? "";
    const hit = matcher.isRegex ? new RegExp(`^(?:${matcher.value})$`).test(actual) : actual === matcher.value;
    return matcher.isEqual ? hit : !hit;
  });
}

export interface SilenceWindow {
  matchers: Pick<Matcher, "name" | "value" | "isRegex" | "isEqual">[];
  startsAt: number;
  endsAt: number;
}

export const isSilenced = (labels: Record<string, string>, silences: SilenceWindow[], nowMs: number): boolean =>
  silences.some((silence) => silence.startsAt <= nowMs && nowMs < silence.endsAt && matchesAll(labels, silence.matchers));

export const silenceStatus = (silence: { startsAt: number; endsAt: number }, nowMs: number): "pending" | "active" | "expired" =>
  nowMs < silence.startsAt ? "pending" : nowMs < silence.endsAt ? "active" : "expired";
