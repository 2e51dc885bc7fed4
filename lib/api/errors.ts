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
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "P1001", // Prisma: can't reach database server
  "P1017", // Prisma: server closed the connection
  "P2024", // Prisma: timed out fetching a connection from the pool
]);

/** True when an error (or anything in its cause chain) says the database could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 8; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof candidate.code === "string" && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (candidate.kind === "DatabaseNotReachable" || candidate.kind === "ConnectionClosed") return true;
    if (typeof candidate.message === "string" && /connection terminated|timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED/i.test(candidate.message)) {
      return true;
    }
    current = candidate.cause;
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
