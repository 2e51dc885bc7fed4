import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { createIncident } from "@/lib/incidents/changes";
import { listIncidents } from "@/lib/incidents/reads";

export const GET = route(incidentEndpoints.list, ({ query, origin }) => listIncidents(query, origin));

export const POST = route(incidentEndpoints.create, ({ body, actor, origin }) =>
  createIncident(body, actor, origin),
);
