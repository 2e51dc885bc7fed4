import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { expireSilence } from "@/lib/alerts/service";

export const DELETE = route(alertEndpoints.expireSilence, ({ params, principal, requestId }) => expireSilence(params.id, actorFromPrincipal(principal, requestId)));
