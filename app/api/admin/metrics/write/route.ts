import { route } from "@/lib/api/route";
import { metricsEndpoints } from "@/lib/metrics/endpoints";
import { ingestLines } from "@/lib/metrics/service";

export const dynamic = "force-dynamic";

export const POST = route(metricsEndpoints.write, async ({ query, req }) => ingestLines(req, query.precision));
