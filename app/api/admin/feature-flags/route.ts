import { route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { createFlag, listFlags } from "@/lib/flags/service";

export const GET = route(flagEndpoints.list, async ({ query }) => {
  const { flags, cacheAge } = await listFlags({ includeArchived: query.archived });
  const features = Object.fromEntries(flags.map((flag) => [flag.name, flag]));
  return query.include === "cache-info" ? { features, flags, cacheAge } : { features };
});

export const POST = route(flagEndpoints.create, async ({ body, actor }) => ({
  success: true as const,
  flag: await createFlag(body, actor),
}));
