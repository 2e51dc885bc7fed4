import { z } from "zod";

/** The one error shape every API route answers with. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe("Stable machine-readable code, e.g. validation_failed, not_found, conflict"),
      message: z.string(),
      details: z.unknown().optional().describe("For validation errors: the zod issues"),
      requestId: z.string(),
    }),
  })
  .meta({ id: "Error" });

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** An error a route means to answer with; anything else becomes a 500 with no details. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "57P01", // admin_shutdown: "terminating connection due to administrator command"
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: "the database system is starting up / shutting down"
  "57P05", // idle_session_timeout
  "08000", // connection_exception
  "08001", // sqlclient_unable_to_establish_sqlconnection
  "08003", // connection_does_not_exist
  "08004", // sqlserver_rejected_establishment_of_sqlconnection
  "08006", // connection_failure
  "53300", // too_many_connections
  "P1001", // Prisma: can't reach database server
  "P1002", // Prisma: database server timed out
  "P1017", // Prisma: server closed the connection
  "P2024", // Prisma: timed out fetching a connection from the pool
  // Prisma: a transaction could not start or finish in time. During an outage that is the pool
  // waiting for a connection the database will not give; in any case the answer is "try again".
  "P2028",
]);

// The driver adapter's kinds for the same conditions (@prisma/adapter-pg's convertDriverError).
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// What pg says when a connection dies without a code: mid-query, at connect, or on a dead client.
const UNAVAILABLE_MESSAGE =
  /connection terminated|terminating connection|database system is (shutting down|starting up|in recovery mode)|timeout exceeded when trying to connect|not queryable|server closed the connection|ECONNREFUSED|ECONNRESET|Connection is closed/i;

/**
 * True when an error (or anything in its cause chain, including the driver error Prisma keeps in
 * `meta.driverAdapterError`) says the database could not be reached, is shutting down or starting up.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 16; seen++) {
    const candidate = pending.shift() as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
      cause?: unknown;
      kind?: unknown;
      meta?: { driverAdapterError?: unknown };
    } | null;
    if (!candidate || typeof candidate !== "object") continue;
    for (const code of [candidate.code, candidate.originalCode]) if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof candidate.kind === "string" && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === "string" && UNAVAILABLE_MESSAGE.test(candidate.message)) return true;
    pending.push(candidate.cause, candidate.meta?.driverAdapterError);
  }
  return false;
}

/**
 * A transaction PostgreSQL aborted to break a deadlock or a serialisation conflict (Prisma's P2034).
 * Nothing of it was written; the caller may simply send the request again.
 */
export function isWriteConflict(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 8; depth++) {
    const candidate = current as { code?: unknown; originalCode?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (candidate.code === "P2034" || candidate.kind === "TransactionWriteConflict") return true;
    if (candidate.originalCode === "40P01" || candidate.originalCode === "40001") return true;
    current = candidate.cause ?? candidate.meta?.driverAdapterError;
  }
  return false;
}
