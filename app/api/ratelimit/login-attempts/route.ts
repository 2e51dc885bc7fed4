import { route } from "@/lib/api/route";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { reportLoginAttempt } from "@/lib/ratelimit/lockouts";

export const POST = route(rateLimitEndpoints.reportAttempt, ({ body }) => reportLoginAttempt(body));
