import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getConfig } from "@/lib/config";
import { publishQueries } from "@/lib/db/query-channel";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { onShutdown } from "@/lib/shutdown";
import { dropProcessSingleton, processSingleton } from "@/lib/process-singleton";

/**
 * One pg pool and one Prisma client per process. The pool is ours (not the adapter's) so that
 * /api/health/pool-stats can report on it. Token hashes are omitted from every query by default.
 */
function createDatabase() {
  const { DATABASE_URL, DATABASE_POOL_MAX } = getConfig();
  if (!DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start Opsdeck with `npm start` to use the embedded PostgreSQL");
  }
  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    max: DATABASE_POOL_MAX,
    // Fail fast when the database is away, so API routes answer 503 instead of hanging.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
  });
  // A client losing its server must not crash the process, idle or checked out: pg emits the
  // server's "terminating connection" (57P01) on the client, and a checked-out one has no listener
  // of the pool's. The query in flight fails on its own (503), and the next one reconnects.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  // Each query becomes a child span of the request waiting on it (lib/observability/tracing.ts).
  publishQueries(pool);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    omit: { apiToken: { tokenHash: true } },
  });
  return { pool, prisma };
}

type Database = ReturnType<typeof createDatabase>;

function database(): Database {
  return processSingleton("database", () => {
    onShutdown("connections", "database pool", closeDatabase);
    return createDatabase();
  });
}

export type Db = Database["prisma"];
/** A transaction client, as handed to `db().$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const db = (): Db => database().prisma;
export const dbPool = (): pg.Pool => database().pool;

/** Closes the pool (tests and graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  const current = dropProcessSingleton<Database>("database");
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end().catch(() => undefined);
  }
}
