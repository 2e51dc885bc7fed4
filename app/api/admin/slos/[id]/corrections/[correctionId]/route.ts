import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { deleteCorrection } from "@/lib/alerts/service";

export const DELETE = route(alertEndpoints.deleteCorrection, ({ params, principal, requestId }) =>
  deleteCorrection(params.id, params.correctionId, actorFromPrincipal(principal, requestId)),
);
