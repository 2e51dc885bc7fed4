import { db } from "@/lib/db";
import { LOCKOUT_ALERT_PER_HOUR, THREAT_WINDOWS, type Threats, type ThreatWindow } from "@/lib/ratelimit/schemas";

const HOUR_MS = 3_600_000;

interface HourRow {
  hour: Date;
  failures: number;
  lockouts: number;
}

/** One entry per hour of the window, oldest first, zero where nothing happened (a chart needs the gaps). */
export function fillHours(rows: HourRow[], toMs: number, hours: number): Threats["lockoutsPerHour"] {
  const byHour = new Map(rows.map((row) => [row.hour.getTime(), row]));
  const lastHour = Math.floor(toMs / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours }, (_, i) => {
    const at = lastHour - (hours - 1 - i) * HOUR_MS;
    const row = byHour.get(at);
    return { hour: new Date(at).toISOString(), failures: row?.failures ?? 0, lockouts: row?.lockouts ?? 0 };
  });
}

/**
 * Attack statistics over a window (seed 000's `GET /api/admin/ratelimit/threats`): who is being
 * targeted (emails), from where (IPs), which departments, and lockouts per hour against the
 * alert line. Failures count failed attempts; lockouts count the attempts that locked an email.
 */
export async function threats(window: ThreatWindow, limit: number): Promise<Threats> {
  const hours = THREAT_WINDOWS[window];
  const to = new Date();
  const from = new Date(to.getTime() - hours * HOUR_MS);
  const failures = `COUNT(*) FILTER (WHERE NOT "success")::int AS failures, COUNT(*) FILTER (WHERE "locked_out")::int AS lockouts`;
  const top = (column: string, extra: string) =>
    db().$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT "${column}" AS key, ${failures}, ${extra} FROM "login_attempts"
       WHERE "at" >= $1 AND "at" <= $2 AND "${column}" IS NOT NULL
       GROUP BY "${column}" HAVING COUNT(*) FILTER (WHERE NOT "success") > 0
       ORDER BY failures DESC, lockouts DESC, key ASC LIMIT $3`,
      from,
      to,
      limit,
    );
  const [totals, emails, ips, departments, perHour] = await Promise.all([
    db().$queryRawUnsafe<Array<{ attempts: number; failures: number; lockouts: number; emails: number; ips: number }>>(
      `SELECT COUNT(*)::int AS attempts, ${failures},
              COUNT(DISTINCT "email") FILTER (WHERE NOT "success")::int AS emails,
              COUNT(DISTINCT "ip") FILTER (WHERE NOT "success")::int AS ips
       FROM "login_attempts" WHERE "at" >= $1 AND "at" <= $2`,
      from,
      to,
    ),
    top("email", `MAX("at") AS last_attempt_at`),
    top("ip", `COUNT(DISTINCT "email")::int AS emails`),
    top("department", `COUNT(DISTINCT "email")::int AS emails`),
    db().$queryRawUnsafe<HourRow[]>(
      `SELECT date_trunc('hour', "at") AS hour, ${failures} FROM "login_attempts"
       WHERE "at" >= $1 AND "at" <= $2 GROUP BY 1`,
      from,
      to,
    ),
  ]);
  const n = (value: unknown) => Number(value);
  return {
    window,
    from: from.toISOString(),
    to: to.toISOString(),
    alertThresholdPerHour: LOCKOUT_ALERT_PER_HOUR,
    totals: totals[0] ?? { attempts: 0, failures: 0, lockouts: 0, emails: 0, ips: 0 },
    topEmails: emails.map((r) => ({
      email: String(r.key),
      failures: n(r.failures),
      lockouts: n(r.lockouts),
      lastAttemptAt: (r.last_attempt_at as Date).toISOString(),
    })),
    topIps: ips.map((r) => ({ ip: String(r.key), failures: n(r.failures), lockouts: n(r.lockouts), emails: n(r.emails) })),
    topDepartments: departments.map((r) => ({ department: String(r.key), failures: n(r.failures), lockouts: n(r.lockouts), emails: n(r.emails) })),
    lockoutsPerHour: fillHours(perHour, to.getTime(), hours),
  };
}
