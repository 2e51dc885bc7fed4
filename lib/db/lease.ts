import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";

/**
 * A lease row: whoever holds the unexpired row named `name` runs the job it names; everyone else
 * waits. Taking or renewing it is one conditional upsert, so two processes can never both hold it,
 * and a holder that dies loses it when it expires. A holder renews well before expiry (each tick).
 */
export class Lease {
  readonly holder = `${process.pid}:${randomUUID()}`;

  constructor(
    readonly name: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease, or renews it if held; false when another holder's lease is still valid. */
  async acquire(): Promise<boolean> {
    const expiresAt = new Date(Date.now() + this.ttlMs);
    const rows = await db().$queryRaw<{ holder: string }[]>`
      INSERT INTO "leases" ("name", "holder", "expires_at") VALUES (${this.name}, ${this.holder}, ${expiresAt})
      ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expires_at" = EXCLUDED."expires_at"
        WHERE "leases"."holder" = EXCLUDED."holder" OR "leases"."expires_at" < now()
      RETURNING "holder"`;
    return rows.length === 1;
  }

  /** Gives the lease up at once (a clean shutdown), so another instance need not wait for expiry. */
  async release(): Promise<void> {
    await db().$executeRaw`DELETE FROM "leases" WHERE "name" = ${this.name} AND "holder" = ${this.holder}`;
  }
}
