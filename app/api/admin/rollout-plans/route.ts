import { route } from "@/lib/api/route";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";
import { listPlans } from "@/lib/rollouts/plans";

export const GET = route(rolloutEndpoints.list, async ({ query }) => ({ plans: await listPlans(query) }));
