import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";

export const personSchema = z
  .object({
    id: z.string().uuid(),
    provider: z.enum(["oidc", "dev"]).describe("oidc: the identity provider; dev: the development sign-in"),
    subject: z.string(),
    email: z.string().nullable(),
    name: z.string(),
    role: roleSchema.describe("The role their groups mapped to at their latest sign-in"),
    groups: z.array(z.string()),
    createdAt: z.string().datetime(),
    lastSeenAt: z.string().datetime(),
  })
  .meta({ id: "Person" });

export type PersonView = z.infer<typeof personSchema>;
