import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { createIncident, listIncidents, publicOrigin } from "@/lib/incidents/service";

export const GET = route(incidentEndpoints.list, ({ query, req }) => listIncidents(query, publicOrigin(req)));

export const POST = route(incidentEndpoints.create, ({ body, principal, requestId, req }) =>
  createIncident(body, actorFromPrincipal(principal, requestId), publicOrigin(req)),
);
