import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { endPersonSessions } from "@/lib/auth/sessions";
import { peopleEndpoints } from "@/lib/people/endpoints";

export const DELETE = route(peopleEndpoints.endSessions, ({ params, principal, requestId }) =>
  endPersonSessions(params.id, actorFromPrincipal(principal, requestId)),
);
