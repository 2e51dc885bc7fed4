import { route } from "@/lib/api/route";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { unlockEmail } from "@/lib/ratelimit/lockouts";

export const POST = route(rateLimitEndpoints.unlock, ({ query, actor }) =>
  unlockEmail(query.email, actor),
);
