import { route } from "@/lib/api/route";
import { auditEndpoints } from "@/lib/audit/endpoints";
import { listAuditEntries } from "@/lib/audit/query";

export const GET = route(auditEndpoints.list, ({ query }) => listAuditEntries(query));
