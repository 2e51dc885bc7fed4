import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";

/**
 * A lease row in PostgreSQL (table `leases`): whoever holds the unexpired row named `name` runs
 * the job it names (a release plan's driver, the alert evaluator); everyone else waits. Taking or
 * renewing it is one conditional upsert on the database's clock, so two processes can never both
 * hold it, and a holder that dies loses it when it expires. A holder renews it on every tick.
 */
export async function acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db().$queryRaw<{ holder: string }[]>`
    INSERT INTO "leases" ("name", "holder", "expires_at")
    VALUES (${name}, ${holder}, now() + ${ttlMs} * interval '1 millisecond')
    ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expires_at" = EXCLUDED."expires_at"
      WHERE "leases"."holder" = EXCLUDED."holder" OR "leases"."expires_at" < now()
    RETURNING "holder"`;
  return rows.length === 1;
}

/**
 * Re-checks the lease inside the job's own transaction, under the row's lock, so a holder that
 * lost its lease while paused cannot commit a stale run.
 */
export async function holdsLease(tx: Tx, name: string, holder: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ ok: boolean }[]>`
    SELECT ("holder" = ${holder} AND "expires_at" > now()) AS ok FROM "leases" WHERE "name" = ${name} FOR UPDATE`;
  return rows[0]?.ok === true;
}

/**
 * Keeps a lease held while a long job runs: renews it every third of its time to live, so a job
 * longer than the lease completes instead of being overtaken. `lost()` turns true once a renewal
 * finds another holder (this one paused past expiry); the job must then give up. A renewal that
 * fails on the database is retried on the next beat: if the lease lapses meanwhile, the job's own
 * `holdsLease` check refuses its commit.
 */
export function renewWhileRunning(name: string, holder: string, ttlMs: number): { lost(): boolean; stop(): void } {
  let lost = false;
  let inFlight = false;
  const timer = setInterval(
    () => {
      if (lost || inFlight) return;
      inFlight = true;
      acquireLease(name, holder, ttlMs)
        .then((held) => {
          if (!held) lost = true;
        })
        .catch(() => undefined)
        .finally(() => {
          inFlight = false;
        });
    },
    Math.max(Math.floor(ttlMs / 3), 50),
  );
  timer.unref();
  return { lost: () => lost, stop: () => clearInterval(timer) };
}

/** Gives the lease up at once (a clean shutdown), so another instance need not wait for expiry. */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await db().$executeRaw`DELETE FROM "leases" WHERE "name" = ${name} AND "holder" = ${holder}`;
}

/** One named lease held by this process. */
export class Lease {
  readonly holder = `${process.pid}:${randomUUID()}`;

  constructor(
    readonly name: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease, or renews it if held; false when another holder's lease is still valid. */
  acquire(): Promise<boolean> {
    return acquireLease(this.name, this.holder, this.ttlMs);
  }

  release(): Promise<void> {
    return releaseLease(this.name, this.holder);
  }
}
