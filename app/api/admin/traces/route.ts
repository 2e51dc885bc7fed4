import { route } from "@/lib/api/route";
import { traceEndpoints } from "@/lib/traces/endpoints";
import { searchTraces } from "@/lib/traces/queries";

export const GET = route(traceEndpoints.search, ({ query }) => searchTraces(query));
