import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { receiveAlerts } from "@/lib/incidents/webhooks";

export const POST = route(incidentEndpoints.alertmanager, ({ body, actor, origin }) =>
  receiveAlerts(body, "alertmanager", actor, origin),
);
