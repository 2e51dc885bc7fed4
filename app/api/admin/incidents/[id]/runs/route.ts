import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { attachRunbook } from "@/lib/incidents/service";

export const POST = route(incidentEndpoints.attachRunbook, ({ params, body, principal, requestId }) =>
  attachRunbook(params.id, body.runbook, actorFromPrincipal(principal, requestId)),
);
