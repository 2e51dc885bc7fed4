import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { personSchema } from "@/lib/people/schemas";

export const peopleEndpoints = {
  list: defineEndpoint({
    method: "GET",
    path: "/api/admin/people",
    access: "admin",
    summary: "People who have signed in, most recently seen first, with the role their groups gave them",
    tags: ["People"],
    response: z.object({ people: z.array(personSchema) }),
  }),
};
