import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { createRule, listRules } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

export const GET = route(alertEndpoints.listRules, () => listRules());

export const POST = route(alertEndpoints.createRule, ({ body, principal, requestId }) => createRule(body, actorFromPrincipal(principal, requestId)));
