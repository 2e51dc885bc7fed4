import { route } from "@/lib/api/route";
import { peopleEndpoints } from "@/lib/people/endpoints";
import { listPeople } from "@/lib/people/service";

export const GET = route(peopleEndpoints.list, async () => ({ people: await listPeople() }));
