import { z } from "zod";
import { int64Digits } from "@/lib/api/bounds";

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

// A time without an offset (what <input type="datetime-local"> sends) is read as UTC, the time zone the console shows.
const instant = z.preprocess(
  (value) => (typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value) ? `${value}Z` : value),
  z.string().datetime({ offset: true }),
);

/** Filters of the audit log; the Audit page keeps the same names in its URL. */
export const auditQuerySchema = z
  .object({
    actor: z.string().trim().min(1).max(200).optional().describe("An actor id, or part of an actor's name (case-insensitive)"),
    targetType: z.string().trim().min(1).max(100).optional().describe("e.g. api_token, person, feature_flag"),
    targetId: z.string().trim().min(1).max(200).optional(),
    from: instant.optional().describe("Entries at or after this time (ISO 8601; without an offset, UTC)"),
    to: instant.optional().describe("Entries before this time (ISO 8601; without an offset, UTC)"),
    cursor: int64Digits("expected the nextCursor of a previous page").optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    message: "from must be before to",
    path: ["from"],
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string().datetime(),
    actor: z.object({ type: z.string().describe("session, token or system"), id: z.string(), name: z.string() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema).describe("Newest first"),
  nextCursor: z.string().nullable().describe("Pass as cursor to get the next (older) page; null on the last page"),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
