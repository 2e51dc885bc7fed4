import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { emergencyRollback } from "@/lib/flags/service";

export const POST = route(flagEndpoints.emergencyRollback, async ({ body, actor }) => ({
  success: true as const,
  flags: await emergencyRollback(body.flags, actor, body.reason),
}));
