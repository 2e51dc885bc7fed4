import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { flagStatus } from "@/lib/flags/service";

export const GET = route(flagEndpoints.status, ({ params, query }) => flagStatus(params.name, query.userId, query.env));
