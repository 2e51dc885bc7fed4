import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";
import { createPlan } from "@/lib/rollouts/plans";

export const POST = route(rolloutEndpoints.create, ({ params, body, principal, requestId }) =>
  createPlan(params.name, body, actorFromPrincipal(principal, requestId)),
);
