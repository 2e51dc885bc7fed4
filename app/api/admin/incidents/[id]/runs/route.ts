import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { attachRunbook } from "@/lib/incidents/changes";

export const POST = route(incidentEndpoints.attachRunbook, ({ params, body, actor }) =>
  attachRunbook(params.id, body.runbook, actor),
);
