import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { evaluateForUser } from "@/lib/flags/service";

export const GET = route(flagEndpoints.evaluate, ({ query }) => evaluateForUser(query.userId, query.env));
