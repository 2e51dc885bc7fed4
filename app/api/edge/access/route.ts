import { route } from "@/lib/api/route";
import { edgeAccessReply } from "@/lib/edge/access";
import { edgeEndpoints } from "@/lib/edge/endpoints";

export const dynamic = "force-dynamic";

export const GET = route(edgeEndpoints.access, ({ req }) => edgeAccessReply(req));
