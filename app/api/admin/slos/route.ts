import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { createSlo, listSlos } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

export const GET = route(alertEndpoints.listSlos, () => listSlos());

export const POST = route(alertEndpoints.createSlo, ({ body, principal, requestId }) => createSlo(body, actorFromPrincipal(principal, requestId)));
