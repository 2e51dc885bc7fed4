import { healthEndpoints } from "@/lib/health/endpoints";
import { prometheus } from "@/lib/observability/prometheus";
import { route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.prometheus, () => prometheus.registry.metrics());
