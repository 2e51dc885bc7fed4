import { z } from "zod";

/**
 * OFREP's wire shapes (open-feature/protocol, service/openapi.yaml), apart from the evaluation
 * code in ofrep.ts so the endpoint catalog — which the browser bundle reads — stays free of node:crypto.
 */
export const ofrepKeyParamsSchema = z.object({ key: z.string().min(1).max(200) });

const ofrepSuccessSchema = z.object({
  key: z.string(),
  reason: z.enum(["STATIC", "TARGETING_MATCH", "SPLIT", "DISABLED"]),
  variant: z.enum(["on", "off"]),
  value: z.boolean(),
  metadata: z.record(z.string(), z.union([z.boolean(), z.string(), z.number()])),
});

const ofrepErrorCodeSchema = z.enum(["FLAG_NOT_FOUND", "PARSE_ERROR", "TARGETING_KEY_MISSING", "INVALID_CONTEXT", "GENERAL"]);

export const ofrepFailureSchema = z
  .object({ key: z.string(), errorCode: ofrepErrorCodeSchema, errorDetails: z.string().optional() })
  .meta({ id: "OfrepEvaluationFailure" });

/** OFREP's answer to a bulk request it cannot evaluate at all (bad JSON, a bad context). */
export const ofrepBulkFailureSchema = z
  .object({ errorCode: ofrepErrorCodeSchema, errorDetails: z.string().optional() })
  .meta({ id: "OfrepBulkEvaluationFailure" });

export type OfrepSuccess = z.infer<typeof ofrepSuccessSchema>;
export type OfrepFailure = z.infer<typeof ofrepFailureSchema>;

export const ofrepSingleResponseSchema = ofrepSuccessSchema.extend({ cacheable: z.boolean().optional() }).meta({ id: "OfrepEvaluationSuccess" });
export const ofrepBulkResponseSchema = z
  .object({ flags: z.array(z.union([ofrepSuccessSchema, ofrepFailureSchema])) })
  .meta({ id: "OfrepBulkEvaluationSuccess" });
