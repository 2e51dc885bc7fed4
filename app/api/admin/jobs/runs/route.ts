import { route } from "@/lib/api/route";
import { jobEndpoints } from "@/lib/jobs/endpoints";
import { jobRuns } from "@/lib/jobs/runs";

export const dynamic = "force-dynamic";

export const GET = route(jobEndpoints.runs, ({ query }) => jobRuns(query));
