import { checkDependencies } from "@/lib/health/checks";
import { healthEndpoints } from "@/lib/health/endpoints";
import { Reply, route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.deps, async () => {
  const deps = await checkDependencies();
  return new Reply(deps, deps.status === "unavailable" ? 503 : 200);
});
