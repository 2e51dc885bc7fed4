import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { deleteRule, getRule, updateRule } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

export const GET = route(alertEndpoints.getRule, ({ params }) => getRule(params.id));

export const PUT = route(alertEndpoints.updateRule, ({ params, body, principal, requestId }) => updateRule(params.id, body, actorFromPrincipal(principal, requestId)));

export const DELETE = route(alertEndpoints.deleteRule, ({ params, principal, requestId }) => deleteRule(params.id, actorFromPrincipal(principal, requestId)));
