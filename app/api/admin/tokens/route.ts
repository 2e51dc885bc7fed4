import { tokenEndpoints } from "@/lib/auth/endpoints";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { route } from "@/lib/api/route";

export const GET = route(tokenEndpoints.list, async () => ({ tokens: await listApiTokens() }));

export const POST = route(tokenEndpoints.create, ({ body, actor }) =>
  createApiToken(body, actor),
);
