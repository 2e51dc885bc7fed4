import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { toggleCheck } from "@/lib/incidents/changes";

export const PUT = route(incidentEndpoints.toggleCheck, ({ params, body, actor }) =>
  toggleCheck(params.id, BigInt(params.runId), body, actor),
);
