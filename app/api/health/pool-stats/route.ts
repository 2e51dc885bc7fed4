import { healthEndpoints } from "@/lib/health/endpoints";
import { poolStatsOf } from "@/lib/pool/stats";
import { route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.poolStats, ({ query }) => poolStatsOf(query.service));
