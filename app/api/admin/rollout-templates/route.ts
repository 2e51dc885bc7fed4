import { route } from "@/lib/api/route";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";
import { listTemplates } from "@/lib/rollouts/plans";

export const GET = route(rolloutEndpoints.templates, async () => ({ templates: await listTemplates() }));
