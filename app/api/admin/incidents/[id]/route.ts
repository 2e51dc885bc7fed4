import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { getIncident, publicOrigin, updateIncident } from "@/lib/incidents/service";

export const GET = route(incidentEndpoints.get, ({ params, req }) => getIncident(params.id, publicOrigin(req)));

export const PATCH = route(incidentEndpoints.update, ({ params, body, principal, requestId, req }) =>
  updateIncident(params.id, body, actorFromPrincipal(principal, requestId), publicOrigin(req)),
);
