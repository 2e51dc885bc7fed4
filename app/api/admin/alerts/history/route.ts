import { route } from "@/lib/api/route";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { transitions } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

export const GET = route(alertEndpoints.history, async ({ query }) => ({ transitions: await transitions({ ruleKey: query.rule }, query.limit) }));
