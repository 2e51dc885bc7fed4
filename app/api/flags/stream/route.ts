import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { streamResponse } from "@/lib/flags/http";

// A stream per subscriber: never pre-rendered, never cached.
export const dynamic = "force-dynamic";

export const GET = route(flagEndpoints.stream, ({ req }) => streamResponse(req));
