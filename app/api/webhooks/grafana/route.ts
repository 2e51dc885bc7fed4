import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { publicOrigin, receiveAlerts } from "@/lib/incidents/service";

export const POST = route(incidentEndpoints.grafana, ({ body, principal, requestId, req }) =>
  receiveAlerts(body, "grafana", actorFromPrincipal(principal, requestId), publicOrigin(req)),
);
