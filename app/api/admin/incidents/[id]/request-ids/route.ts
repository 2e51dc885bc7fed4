import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { addRequestId } from "@/lib/incidents/request-ids";

export const POST = route(incidentEndpoints.addRequestId, ({ params, body, actor }) => addRequestId(params.id, body.requestId, actor));
