import { route } from "@/lib/api/route";
import { edgeAccessStream } from "@/lib/edge/access";
import { edgeEndpoints } from "@/lib/edge/endpoints";

// A stream per edge: never pre-rendered, never cached.
export const dynamic = "force-dynamic";

export const GET = route(edgeEndpoints.accessStream, ({ req }) => edgeAccessStream(req));
