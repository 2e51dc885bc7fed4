import { route } from "@/lib/api/route";
import { actorFromPrincipal } from "@/lib/audit";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { restoreFlag } from "@/lib/flags/service";

export const POST = route(flagEndpoints.restore, async ({ params, principal, requestId }) => ({
  success: true as const,
  flag: await restoreFlag(params.name, actorFromPrincipal(principal, requestId)),
}));
