import { isDatabaseUnavailable } from "@/lib/api/errors";
import { getConfig } from "@/lib/config";
import { processSingleton } from "@/lib/process-singleton";

/**
 * While PostgreSQL is away, what Opsdeck already knows keeps serving: the flag set and the API
 * tokens it has validated. Nothing can change either while the database is down (every change is
 * a database write), so the last known copy is the current one unless an announcement was missed;
 * still, it is served for at most STALE_WHILE_DATABASE_DOWN_SECONDS after the first failed read,
 * then the read's own error (a 503) is the answer again.
 */
const outage = processSingleton("databaseOutage", () => ({ failingSince: null as number | null }));

/** Reads from the database; when it is unreachable, answers `lastKnown()` within the bound. */
export async function readOrLastKnown<T>(read: () => Promise<T>, lastKnown: () => T | undefined): Promise<T> {
  try {
    const value = await read();
    outage.failingSince = null;
    return value;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const since = (outage.failingSince ??= Date.now());
    const last = lastKnown();
    if (last !== undefined && Date.now() - since < getConfig().STALE_WHILE_DATABASE_DOWN_SECONDS * 1000) return last;
    throw error;
  }
}
