import { db, type Tx } from "@/lib/db";

/**
 * A lease on a periodic job in PostgreSQL (table job_leases): whoever holds an unexpired lease
 * runs the job; the others wait until it expires. The holder renews it on every run; a crashed
 * holder's lease lapses after its TTL. `holdsLease` re-checks inside the job's own transaction,
 * under a row lock, so a holder that lost its lease while paused cannot commit a stale run.
 */
export async function acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db().$queryRaw<{ holder: string }[]>`
    INSERT INTO "job_leases" ("name", "holder", "expires_at")
    VALUES (${name}, ${holder}, now() + ${ttlMs} * interval '1 millisecond')
    ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expires_at" = EXCLUDED."expires_at"
    WHERE "job_leases"."holder" = EXCLUDED."holder" OR "job_leases"."expires_at" < now()
    RETURNING "holder"`;
  return rows.length === 1;
}

export async function holdsLease(tx: Tx, name: string, holder: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ ok: boolean }[]>`
    SELECT ("holder" = ${holder} AND "expires_at" > now()) AS ok FROM "job_leases" WHERE "name" = ${name} FOR UPDATE`;
  return rows[0]?.ok === true;
}

export async function releaseLease(name: string, holder: string): Promise<void> {
  await db().$executeRaw`DELETE FROM "job_leases" WHERE "name" = ${name} AND "holder" = ${holder}`;
}
