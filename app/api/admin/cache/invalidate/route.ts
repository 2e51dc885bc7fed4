import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { invalidateFlagCache } from "@/lib/flags/service";

export const POST = route(flagEndpoints.invalidateCache, ({ body, principal, requestId }) =>
  invalidateFlagCache(body.keys, actorFromPrincipal(principal, requestId)),
);
