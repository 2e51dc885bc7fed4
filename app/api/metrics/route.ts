import { prometheusExposition } from "@/lib/health/checks";
import { healthEndpoints } from "@/lib/health/endpoints";
import { route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.prometheus, () => prometheusExposition());
