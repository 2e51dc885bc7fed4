import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";
import { transitionPlan } from "@/lib/rollouts/plans";

export const POST = route(rolloutEndpoints.abort, ({ params, body, principal, requestId }) =>
  transitionPlan(params.id, "abort", actorFromPrincipal(principal, requestId), body),
);
