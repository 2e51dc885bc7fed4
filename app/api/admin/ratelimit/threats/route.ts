import { route } from "@/lib/api/route";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { threats } from "@/lib/ratelimit/threats";

export const GET = route(rateLimitEndpoints.threats, ({ query }) => threats(query.window, query.limit));
