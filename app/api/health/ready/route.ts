import { isReady } from "@/lib/health/checks";
import { healthEndpoints } from "@/lib/health/endpoints";
import { Reply, route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.ready, async () =>
  (await isReady()) ? { status: "ok" as const } : new Reply({ status: "degraded" }, 503, { "Retry-After": "5" }),
);
