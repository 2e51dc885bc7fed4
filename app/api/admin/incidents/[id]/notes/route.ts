import { route } from "@/lib/api/route";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { addNote } from "@/lib/incidents/changes";

export const POST = route(incidentEndpoints.addNote, ({ params, body, actor }) =>
  addNote(params.id, body.body, actor),
);
