import { actorFromPrincipal } from "@/lib/audit";
import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { addNote } from "@/lib/incidents/service";

export const POST = route(incidentEndpoints.addNote, ({ params, body, principal, requestId }) =>
  addNote(params.id, body.body, actorFromPrincipal(principal, requestId)),
);
