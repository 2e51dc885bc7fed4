import { route } from "@/lib/api/route";
import { flagCacheListeners } from "@/lib/flags/cache";
import { flagEndpoints } from "@/lib/flags/endpoints";

export const dynamic = "force-dynamic";

export const GET = route(flagEndpoints.cacheListeners, async () => flagCacheListeners());
