import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { removeRequestId } from "@/lib/incidents/request-ids";

export const DELETE = route(incidentEndpoints.removeRequestId, ({ params, actor }) => removeRequestId(params.id, params.requestId, actor));
