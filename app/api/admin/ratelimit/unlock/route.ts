import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { unlockEmail } from "@/lib/ratelimit/lockouts";

export const POST = route(rateLimitEndpoints.unlock, ({ query, principal, requestId }) =>
  unlockEmail(query.email, actorFromPrincipal(principal, requestId)),
);
