import { healthFor } from "@/lib/health/checks";
import { healthEndpoints } from "@/lib/health/endpoints";
import { Reply, route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.summary, async ({ principal }) => {
  const health = await healthFor(principal);
  return health.status === "healthy" ? new Reply(health, 200) : new Reply(health, 503, { "Retry-After": "5" });
});
