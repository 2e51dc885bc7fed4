import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { exportOpenSloText, importOpenSloBody } from "@/lib/alerts/slo-detail";

export const dynamic = "force-dynamic";

export const GET = route(alertEndpoints.exportOpenSlo, ({ query }) => exportOpenSloText(query.name));

export const POST = route(alertEndpoints.importOpenSlo, ({ req, principal, requestId }) => importOpenSloBody(req, actorFromPrincipal(principal, requestId)));
