import { checkHealth } from "@/lib/health/checks";
import { healthEndpoints } from "@/lib/health/endpoints";
import { Reply, route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.summary, async () => {
  const health = await checkHealth();
  return new Reply(health, health.status === "healthy" ? 200 : 503);
});
