import { route } from "@/lib/api/route";
import { traceEndpoints } from "@/lib/traces/endpoints";
import { countTraces } from "@/lib/traces/queries";

export const GET = route(traceEndpoints.count, ({ query }) => countTraces(query));
