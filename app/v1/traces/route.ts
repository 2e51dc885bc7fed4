import { route } from "@/lib/api/route";
import { receiveTraces } from "@/lib/traces/receiver";
import { traceEndpoints } from "@/lib/traces/endpoints";

export const POST = route(traceEndpoints.receive, ({ req }) => receiveTraces(req));
