import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { snapshotReply } from "@/lib/flags/http";

export const GET = route(flagEndpoints.snapshot, ({ req }) => snapshotReply(req));
