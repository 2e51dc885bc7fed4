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
  endSessions: defineEndpoint({
    method: "DELETE",
    path: "/api/admin/people/{id}/sessions",
    access: "admin",
    summary: "End every open session of a person (audited); they must sign in again, on every instance at once",
    tags: ["People"],
    params: z.object({ id: z.string().uuid() }),
    response: z.object({ ended: z.number().int().min(0).describe("Sessions that were open and are now ended") }),
    otherResponses: { 404: "No person with this id" },
  }),
};
