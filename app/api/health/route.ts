import { checkHealth } from "@/lib/health/checks";
import { healthEndpoints } from "@/lib/health/endpoints";
import { jsonResponse, route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.summary, async () => {
  const health = await checkHealth();
  return jsonResponse(health, health.status === "healthy" ? 200 : 503);
});
