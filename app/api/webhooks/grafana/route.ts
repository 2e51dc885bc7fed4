import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { receiveAlerts } from "@/lib/incidents/webhooks";

export const POST = route(incidentEndpoints.grafana, ({ body, actor, origin }) =>
  receiveAlerts(body, "grafana", actor, origin),
);
