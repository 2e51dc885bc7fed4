import { ApiError } from "@/lib/api/errors";
import { route } from "@/lib/api/route";
import { runbookEndpoints } from "@/lib/runbooks/endpoints";
import { getRunbook } from "@/lib/runbooks";

export const GET = route(runbookEndpoints.get, async ({ params }) => {
  const runbook = getRunbook(params.slug);
  if (!runbook) throw new ApiError(404, "not_found", `No runbook named ${params.slug}; GET /api/admin/runbooks lists them`);
  return runbook;
});
