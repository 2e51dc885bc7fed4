/**
 * Prometheus' alerting-rule states, one alert per series (label set) of a rule:
 *
 *   inactive ──condition true──▶ pending ──true for `for`──▶ firing ──false──▶ resolved
 *                 (for = 0 goes straight to firing)           ▲ keep_firing_for holds it
 *
 * A pending alert whose condition turns false goes back to inactive (its timer restarts, as in
 * Prometheus). A resolved alert is kept for RESOLVED_RETENTION_MS so its resolution is re-sent,
 * then dropped; if it fires again first it starts a new pending period.
 *
 * Missing data never resolves: when the store cannot be queried the rule is `unknown` and every
 * alert keeps its state and timers; a series absent from a successful answer keeps a firing
 * alert firing (value null) and only restarts a pending timer. Pure: the caller persists.
 */
export type AlertState = "pending" | "firing" | "resolved";
export type RuleHealth = "ok" | "unknown";

export interface AlertInstance {
  fingerprint: string;
  labels: Record<string, string>;
  state: AlertState;
  value: number | null;
  /** When the condition became true (start of the pending period). */
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  /** Last evaluation at which the condition held; keep_firing_for counts from here. */
  lastTrueAt: number;
}

export interface Observation {
  fingerprint: string;
  labels: Record<string, string>;
  value: number;
  /** The rule's comparison holds for this value. */
  active: boolean;
}

export interface Timing {
  forMs: number;
  keepFiringForMs: number;
}

export interface Transition {
  fingerprint: string;
  labels: Record<string, string>;
  from: AlertState | "inactive";
  to: AlertState | "inactive";
  at: number;
  value: number | null;
}

export const RESOLVED_RETENTION_MS = 15 * 60_000;

export interface StepResult {
  alerts: AlertInstance[];
  transitions: Transition[];
}

/**
 * One evaluation. `observations` is null when the query failed (store down): nothing changes.
 * Otherwise it holds every series the store answered, active or not.
 */
export function stepAlerts(previous: AlertInstance[], observations: Observation[] | null, timing: Timing, now: number): StepResult {
  if (observations === null) return { alerts: previous, transitions: [] };
  const transitions: Transition[] = [];
  const move = (alert: AlertInstance, to: Transition["to"], value: number | null) =>
    transitions.push({ fingerprint: alert.fingerprint, labels: alert.labels, from: alert.state, to, at: now, value });
  const seen = new Map(observations.map((observation) => [observation.fingerprint, observation]));
  const next: AlertInstance[] = [];

  for (const alert of previous) {
    const observation = seen.get(alert.fingerprint);
    seen.delete(alert.fingerprint);
    if (observation?.active) {
      if (alert.state === "resolved") {
        next.push(start(observation, timing, now, transitions, "resolved"));
        continue;
      }
      const updated = { ...alert, value: observation.value, lastTrueAt: now };
      if (alert.state === "pending" && now - alert.activeAt >= timing.forMs) {
        move(alert, "firing", observation.value);
        next.push({ ...updated, state: "firing", firedAt: now });
      } else next.push(updated);
      continue;
    }
    const value = observation ? observation.value : null;
    if (alert.state === "pending") {
      move(alert, "inactive", value);
      continue;
    }
    if (alert.state === "firing") {
      // No data is not "below threshold": a series the store no longer answers keeps firing.
      if (!observation || now - alert.lastTrueAt < timing.keepFiringForMs) {
        next.push({ ...alert, value });
        continue;
      }
      move(alert, "resolved", value);
      next.push({ ...alert, state: "resolved", resolvedAt: now, value });
      continue;
    }
    // Resolved: kept a while so the resolution is re-sent, then forgotten.
    if (now - (alert.resolvedAt ?? now) < RESOLVED_RETENTION_MS) next.push(observation ? { ...alert, value } : alert);
  }

  for (const observation of seen.values()) {
    if (observation.active) next.push(start(observation, timing, now, transitions, "inactive"));
  }
  return { alerts: next, transitions };
}

function start(observation: Observation, timing: Timing, now: number, transitions: Transition[], from: Transition["from"]): AlertInstance {
  const firing = timing.forMs === 0;
  const state: AlertState = firing ? "firing" : "pending";
  transitions.push({ fingerprint: observation.fingerprint, labels: observation.labels, from, to: state, at: now, value: observation.value });
  return {
    fingerprint: observation.fingerprint,
    labels: observation.labels,
    state,
    value: observation.value,
    activeAt: now,
    firedAt: firing ? now : null,
    resolvedAt: null,
    lastTrueAt: now,
  };
}

/** The rule's state as one word, for lists: its worst alert, or unknown when its last query failed. */
export function ruleState(alerts: Pick<AlertInstance, "state">[], health: RuleHealth): "unknown" | "firing" | "pending" | "inactive" {
  if (health === "unknown") return "unknown";
  if (alerts.some((alert) => alert.state === "firing")) return "firing";
  if (alerts.some((alert) => alert.state === "pending")) return "pending";
  return "inactive";
}

export type Comparison = ">" | ">=" | "<" | "<=";

export function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
  }
}
