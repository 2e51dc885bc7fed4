import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { ofrepBulkReply } from "@/lib/flags/http";

export const POST = route(flagEndpoints.ofrepBulk, ({ req }) => ofrepBulkReply(req));
