import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { deleteSlo, updateSlo } from "@/lib/alerts/service";
import { getSloDetail } from "@/lib/alerts/slo-detail";

export const dynamic = "force-dynamic";

export const GET = route(alertEndpoints.getSlo, ({ params }) => getSloDetail(params.id));

export const PUT = route(alertEndpoints.updateSlo, ({ params, body, principal, requestId }) => updateSlo(params.id, body, actorFromPrincipal(principal, requestId)));

export const DELETE = route(alertEndpoints.deleteSlo, ({ params, principal, requestId }) => deleteSlo(params.id, actorFromPrincipal(principal, requestId)));
