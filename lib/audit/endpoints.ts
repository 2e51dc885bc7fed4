import { defineEndpoint } from "@/lib/api/endpoint";
import { auditPageSchema, auditQuerySchema } from "@/lib/audit/schemas";

export const auditEndpoints = {
  list: defineEndpoint({
    method: "GET",
    path: "/api/admin/audit",
    access: "admin",
    summary: "The audit log: every change, who made it, before and after",
    description: "Newest first, paginated with `cursor`/`nextCursor`. Secrets are redacted when entries are written.",
    tags: ["Audit"],
    query: auditQuerySchema,
    response: auditPageSchema,
  }),
};
