import { apiPaths } from "@/lib/api/catalog";
import { route } from "@/lib/api/route";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { readRateLimitConfig, updateRateLimitConfig } from "@/lib/ratelimit/settings";

export const GET = route(rateLimitEndpoints.config, () => readRateLimitConfig());

export const POST = route(rateLimitEndpoints.updateConfig, ({ body, actor }) =>
  updateRateLimitConfig(body, actor, apiPaths),
);
