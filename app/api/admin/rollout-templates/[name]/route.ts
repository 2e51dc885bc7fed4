import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";
import { saveTemplate } from "@/lib/rollouts/plans";

export const PUT = route(rolloutEndpoints.saveTemplate, ({ params, body, principal, requestId }) =>
  saveTemplate(params.name, body, actorFromPrincipal(principal, requestId)),
);
