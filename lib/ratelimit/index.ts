import { ApiError } from "@/lib/api/errors";
import type { Endpoint } from "@/lib/api/endpoint";
import type { Principal } from "@/lib/auth/roles";
import { failOpenDecision, type RateLimitDecision } from "@/lib/ratelimit/bucket";
import { apiBuckets } from "@/lib/ratelimit/config";
import { currentSettings } from "@/lib/ratelimit/settings";
import { decideWithStore } from "@/lib/ratelimit/store";

export type { BucketRule, RateLimitDecision } from "@/lib/ratelimit/bucket";

/**
 * Opsdeck's own API limits, for the route wrapper: the route's bucket and the caller's hourly
 * quota, decided together. When the store is unreachable, fail-open lets the request through
 * (the headers then show the route's full limit) and fail-closed answers 503, except on the
 * health routes, which must keep answering to show the outage.
 */
export async function limitApiRequest(
  endpoint: Pick<Endpoint, "path" | "rateLimit">,
  principal: Principal | null,
  clientAddress: string,
): Promise<RateLimitDecision> {
  const caller = principal ? { kind: principal.kind, id: principal.id } : { kind: "address" as const, address: clientAddress };
  const buckets = apiBuckets(await currentSettings(), endpoint, caller);
  return decideWithStore(
    (store) => store.take(buckets),
    (mode) => {
      if (mode === "closed" && !endpoint.path.startsWith("/api/health")) {
        throw new ApiError(503, "rate_limiter_unavailable", "The rate limiter's store is unreachable and the limiter fails closed; try again shortly", undefined, {
          "Retry-After": "5",
        });
      }
      return failOpenDecision(buckets[0]!.rule);
    },
  );
}
