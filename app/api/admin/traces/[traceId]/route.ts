import { route } from "@/lib/api/route";
import { traceEndpoints } from "@/lib/traces/endpoints";
import { getTracePage } from "@/lib/traces/queries";

export const GET = route(traceEndpoints.get, ({ params, query }) => getTracePage(params.traceId, query));
