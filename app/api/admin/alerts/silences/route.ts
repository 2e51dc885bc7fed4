import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { createSilence, listSilences } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

export const GET = route(alertEndpoints.listSilences, () => listSilences());

export const POST = route(alertEndpoints.createSilence, ({ body, principal, requestId }) => createSilence(body, actorFromPrincipal(principal, requestId)));
