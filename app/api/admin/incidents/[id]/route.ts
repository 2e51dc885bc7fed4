import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { updateIncident } from "@/lib/incidents/changes";
import { getIncident } from "@/lib/incidents/reads";

export const GET = route(incidentEndpoints.get, ({ params, origin }) => getIncident(params.id, origin));

export const PATCH = route(incidentEndpoints.update, ({ params, body, actor, origin }) =>
  updateIncident(params.id, body, actor, origin),
);
