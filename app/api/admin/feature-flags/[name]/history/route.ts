import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { flagHistory } from "@/lib/flags/service";

export const GET = route(flagEndpoints.history, async ({ params }) => ({ entries: await flagHistory(params.name) }));
