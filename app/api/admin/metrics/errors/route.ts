import { route } from "@/lib/api/route";
import { metricsEndpoints } from "@/lib/metrics/endpoints";
import { errorSummary } from "@/lib/metrics/service";

export const dynamic = "force-dynamic";

export const GET = route(metricsEndpoints.errors, async ({ query }) => errorSummary(query.window, query.to ? Date.parse(query.to) : undefined));
