import { route } from "@/lib/api/route";
import { actorFromPrincipal } from "@/lib/audit";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { emergencyRollback } from "@/lib/flags/service";

export const POST = route(flagEndpoints.emergencyRollback, async ({ body, principal, requestId }) => ({
  success: true as const,
  flags: await emergencyRollback(body.flags, actorFromPrincipal(principal, requestId), body.reason),
}));
