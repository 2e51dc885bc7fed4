import type { Threats } from "@/lib/ratelimit/schemas";

export interface LockoutPoint {
  /** The hour's start, for the tooltip. */
  hour: string;
  /** Axis label: HH:00 UTC within a day, "MM-DD HH:00" over longer windows. */
  label: string;
  lockouts: number;
  failures: number;
  overThreshold: boolean;
}

/** Turns the threats answer into the lockouts-per-hour series the chart draws. */
export function lockoutSeries(threats: Pick<Threats, "lockoutsPerHour" | "alertThresholdPerHour">): LockoutPoint[] {
  const multiDay = threats.lockoutsPerHour.length > 24;
  return threats.lockoutsPerHour.map((point) => ({
    hour: point.hour,
    label: multiDay ? `${point.hour.slice(5, 10)} ${point.hour.slice(11, 13)}:00` : `${point.hour.slice(11, 13)}:00`,
    lockouts: point.lockouts,
    failures: point.failures,
    overThreshold: point.lockouts > threats.alertThresholdPerHour,
  }));
}
