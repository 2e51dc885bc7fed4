import { tokenEndpoints } from "@/lib/auth/endpoints";
import { revokeApiToken } from "@/lib/auth/tokens";
import { route } from "@/lib/api/route";

export const DELETE = route(tokenEndpoints.revoke, async ({ params, actor }) => ({
  apiToken: await revokeApiToken(params.id, actor),
}));
