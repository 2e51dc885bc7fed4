import { z } from "zod";

const DURATION = /^(\d{1,7})(ms|s|m|h|d|w)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Prometheus' duration syntax for one unit (`30s`, `5m`, `6h`, `3d`, `4w`); null when it is not one. */
export function parseDuration(value: string): number | null {
  const match = DURATION.exec(value);
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** The shortest exact spelling of a whole number of milliseconds, for labels and OpenSLO exports. */
export function formatDuration(ms: number): string {
  for (const unit of ["w", "d", "h", "m", "s"] as const) {
    if (ms > 0 && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return ms === 0 ? "0s" : `${ms}ms`;
}

/** A duration as written (kept as text so it reads back as the author wrote it), bounded in ms. */
export const durationSchema = (options: { minMs?: number; maxMs: number }) =>
  z
    .string()
    .regex(DURATION, "expected a duration like 30s, 5m, 1h or 7d")
    .refine((value) => {
      const ms = parseDuration(value) as number;
      return ms >= (options.minMs ?? 0) && ms <= options.maxMs;
    }, `the duration must be between ${formatDuration(options.minMs ?? 0)} and ${formatDuration(options.maxMs)}`);
