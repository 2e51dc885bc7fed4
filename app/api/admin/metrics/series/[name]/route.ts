import { route } from "@/lib/api/route";
import { metricsEndpoints } from "@/lib/metrics/endpoints";
import { readSeries } from "@/lib/metrics/service";

export const dynamic = "force-dynamic";

export const GET = route(metricsEndpoints.series, async ({ params, query }) => readSeries(params.name, query));
