import { route } from "@/lib/api/route";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { loginState } from "@/lib/ratelimit/lockouts";

export const GET = route(rateLimitEndpoints.user, ({ query }) => loginState(query.email, query.env));
