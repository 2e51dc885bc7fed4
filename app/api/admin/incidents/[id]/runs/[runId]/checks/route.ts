import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { toggleCheck } from "@/lib/incidents/service";

export const PUT = route(incidentEndpoints.toggleCheck, ({ params, body, principal, requestId }) =>
  toggleCheck(params.id, BigInt(params.runId), body, actorFromPrincipal(principal, requestId)),
);
