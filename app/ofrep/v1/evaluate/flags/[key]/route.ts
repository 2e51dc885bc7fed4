import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { ofrepSingleResponse } from "@/lib/flags/http";

export const POST = route(flagEndpoints.ofrepEvaluate, ({ params, req }) => ofrepSingleResponse(params.key, req));
