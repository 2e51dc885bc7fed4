import { route } from "@/lib/api/route";
import { healthEndpoints } from "@/lib/health/endpoints";
import { systemStatus } from "@/lib/health/system-status";

export const dynamic = "force-dynamic";

export const GET = route(healthEndpoints.systemStatus, () => systemStatus());
