import { healthEndpoints } from "@/lib/health/endpoints";
import { ownPoolStats } from "@/lib/pool/stats";
import { route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.poolStats, async () => ownPoolStats());
