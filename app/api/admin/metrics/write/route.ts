import { route } from "@/lib/api/route";
import { metricsEndpoints } from "@/lib/metrics/endpoints";
import { ingestLines, readIngestBody } from "@/lib/metrics/service";

export const dynamic = "force-dynamic";

export const POST = route(metricsEndpoints.write, async ({ query, req }) => ingestLines(await readIngestBody(req), query.precision));
