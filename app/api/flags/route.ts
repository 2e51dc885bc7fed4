import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { snapshotResponse } from "@/lib/flags/http";

export const GET = route(flagEndpoints.snapshot, ({ req }) => snapshotResponse(req));
