import { Reply, route } from "@/lib/api/route";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { archiveFlag, getFlag, updateFlag, versionFromIfMatch } from "@/lib/flags/service";

export const GET = route(flagEndpoints.get, async ({ params }) => {
  const flag = await getFlag(params.name);
  return new Reply(flag, 200, { ETag: `"${flag.version}"` });
});

export const POST = route(flagEndpoints.update, async ({ params, body, req, actor }) => {
  const { version, ...patch } = body;
  const expectedVersion = version ?? versionFromIfMatch(req.headers.get("if-match"));
  const flag = await updateFlag(params.name, patch, actor, { expectedVersion });
  return { success: true as const, flag };
});

export const DELETE = route(flagEndpoints.archive, async ({ params, req, actor }) => ({
  success: true as const,
  flag: await archiveFlag(params.name, actor, versionFromIfMatch(req.headers.get("if-match"))),
}));
