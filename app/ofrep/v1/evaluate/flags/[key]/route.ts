import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { ofrepSingleReply } from "@/lib/flags/http";

export const POST = route(flagEndpoints.ofrepEvaluate, ({ params, req }) => ofrepSingleReply(params.key, req));
