import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";

export const apiTokenSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    role: roleSchema,
    prefix: z.string().describe("The first characters of the token, to recognise it; the token itself is never shown again"),
    createdBy: z.string(),
    createdAt: z.string().datetime(),
    lastUsedAt: z.string().datetime().nullable(),
    revokedAt: z.string().datetime().nullable(),
  })
  .meta({ id: "ApiToken" });

export const createTokenBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: roleSchema,
  })
  .strict();

export const createdTokenSchema = z
  .object({
    token: z.string().describe("The secret, shown once: store it now"),
    apiToken: apiTokenSchema,
  })
  .meta({ id: "CreatedApiToken" });

export const tokenIdParamsSchema = z.object({ id: z.string().uuid() });

export type ApiTokenView = z.infer<typeof apiTokenSchema>;
