import { actorFromPrincipal } from "@/lib/audit";
import { tokenEndpoints } from "@/lib/auth/endpoints";
import { revokeApiToken } from "@/lib/auth/tokens";
import { route } from "@/lib/api/route";

export const DELETE = route(tokenEndpoints.revoke, async ({ params, principal, requestId }) => ({
  apiToken: await revokeApiToken(params.id, actorFromPrincipal(principal, requestId)),
}));
