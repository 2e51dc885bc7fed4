import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { addCorrection } from "@/lib/alerts/service";

export const POST = route(alertEndpoints.addCorrection, ({ params, body, principal, requestId }) => addCorrection(params.id, body, actorFromPrincipal(principal, requestId)));
