import { route } from "@/lib/api/route";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";
import { planEvaluations } from "@/lib/rollouts/plans";

export const GET = route(rolloutEndpoints.evaluations, async ({ params, query }) => ({ evaluations: await planEvaluations(params.id, query.limit) }));
