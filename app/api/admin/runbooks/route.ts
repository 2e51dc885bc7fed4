import { route } from "@/lib/api/route";
import { runbookEndpoints } from "@/lib/runbooks/endpoints";
import { searchRunbooks } from "@/lib/runbooks";

export const GET = route(runbookEndpoints.list, async ({ query }) => ({ query: query.q ?? "", runbooks: searchRunbooks(query.q) }));
