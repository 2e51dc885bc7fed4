import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { restoreFlag } from "@/lib/flags/service";

export const POST = route(flagEndpoints.restore, async ({ params, actor }) => ({
  success: true as const,
  flag: await restoreFlag(params.name, actor),
}));
