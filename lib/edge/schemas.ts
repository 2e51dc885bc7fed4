import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { rateLimitSettingsSchema } from "@/lib/ratelimit/config";

/**
 * What a flag edge needs from Opsdeck to decide who may call it and how often: the hashes of
 * the API tokens that are valid now (never their secrets) and the rate-limit settings. Opsdeck
 * serves it at /api/edge/access and pushes it again on every change at /api/edge/access/stream.
 */
export const edgeTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/).describe("SHA-256 of the secret, hex"),
});

export const edgeAccessSchema = z
  .object({
    etag: z.string(),
    tokens: z.array(edgeTokenSchema).describe("Every API token that is not revoked"),
    rateLimits: rateLimitSettingsSchema,
  })
  .meta({ id: "EdgeAccess" });

export type EdgeAccess = z.infer<typeof edgeAccessSchema>;
