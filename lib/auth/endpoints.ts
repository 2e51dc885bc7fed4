import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { apiTokenSchema, createdTokenSchema, createTokenBodySchema, tokenIdParamsSchema } from "@/lib/auth/schemas";

export const tokenEndpoints = {
  list: defineEndpoint({
    method: "GET",
    path: "/api/admin/tokens",
    access: "admin",
    summary: "List API tokens (never their secrets)",
    tags: ["Tokens"],
    response: z.object({ tokens: z.array(apiTokenSchema) }),
  }),
  create: defineEndpoint({
    method: "POST",
    path: "/api/admin/tokens",
    access: "admin",
    summary: "Create an API token; the secret is in this response only",
    tags: ["Tokens"],
    body: createTokenBodySchema,
    response: createdTokenSchema,
    successStatus: 201,
  }),
  revoke: defineEndpoint({
    method: "DELETE",
    path: "/api/admin/tokens/{id}",
    access: "admin",
    summary: "Revoke an API token (idempotent)",
    tags: ["Tokens"],
    params: tokenIdParamsSchema,
    response: z.object({ apiToken: apiTokenSchema }),
    otherResponses: { 404: "No token with this id" },
  }),
};
