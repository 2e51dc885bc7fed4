import { route } from "@/lib/api/route";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";
import { getPlan } from "@/lib/rollouts/plans";

export const GET = route(rolloutEndpoints.get, ({ params }) => getPlan(params.id));
