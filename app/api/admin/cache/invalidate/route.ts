import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { invalidateFlagCache } from "@/lib/flags/service";

export const POST = route(flagEndpoints.invalidateCache, ({ body, actor }) =>
  invalidateFlagCache(body.keys, actor),
);
