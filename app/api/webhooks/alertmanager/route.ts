import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { publicOrigin, receiveAlerts } from "@/lib/incidents/service";

export const POST = route(incidentEndpoints.alertmanager, ({ body, principal, requestId, req }) =>
  receiveAlerts(body, "alertmanager", actorFromPrincipal(principal, requestId), publicOrigin(req)),
);
