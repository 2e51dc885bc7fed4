import { createHash } from "node:crypto";
import { z } from "zod";
import { checkJsonShape, type JsonLimits } from "@/lib/api/body";
import { ENVIRONMENTS, evaluateFlag, type Environment, type EvaluableFlag } from "@/lib/flags/evaluate";
import type { FeatureFlag } from "@/lib/flags/schemas";
import type { OfrepFailure, OfrepSuccess } from "@/lib/flags/ofrep-schemas";

/**
 * The OpenFeature Remote Evaluation Protocol (open-feature/protocol, service/openapi.yaml):
 * request parsing and the mapping from our evaluation to OFREP's answers. Pure; the route
 * handlers feed it the current flag set.
 */
export interface OfrepContext {
  targetingKey?: string;
  env?: Environment;
}

export type ParsedRequest = { ok: true; context: OfrepContext } | { ok: false; errorCode: "PARSE_ERROR" | "INVALID_CONTEXT"; errorDetails: string };

const contextSchema = z
  .object({
    targetingKey: z.string().max(200).optional(),
    env: z.enum(ENVIRONMENTS).optional(),
    environment: z.enum(ENVIRONMENTS).optional(),
  })
  .passthrough();

const isEnvironment = (value: unknown): value is Environment => typeof value === "string" && (ENVIRONMENTS as readonly string[]).includes(value);

/**
 * The context every provider sends — a short targetingKey and perhaps an environment, nothing
 * else — checked without zod: evaluation is the hottest path Opsdeck has. Anything else goes
 * through the schema, which alone words the errors.
 */
function plainContext(context: unknown): OfrepContext | undefined {
  if (typeof context !== "object" || context === null || Array.isArray(context)) return undefined;
  let targetingKey: string | undefined;
  let env: Environment | undefined;
  let environment: Environment | undefined;
  for (const [key, value] of Object.entries(context)) {
    if (key === "targetingKey" && typeof value === "string" && value.length <= 200) targetingKey = value;
    else if (key === "env" && isEnvironment(value)) env = value;
    else if (key === "environment" && isEnvironment(value)) environment = value;
    else return undefined;
  }
  return { targetingKey: targetingKey || undefined, env: env ?? environment };
}

/** Parses an OFREP request body: `{ context: { targetingKey, env | environment, … } }`. */
export function parseOfrepRequest(text: string, limits: JsonLimits): ParsedRequest {
  let body: unknown = {};
  if (text.trim()) {
    try {
      checkJsonShape(text, limits);
      body = JSON.parse(text);
    } catch (error) {
      const details = error instanceof SyntaxError ? `Body is not valid JSON: ${error.message}` : (error as Error).message;
      return { ok: false, errorCode: "PARSE_ERROR", errorDetails: details };
    }
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, errorCode: "PARSE_ERROR", errorDetails: "Body must be a JSON object: { context: { targetingKey } }" };
  }
  const context = (body as { context?: unknown }).context ?? {};
  const plain = plainContext(context);
  if (plain) return { ok: true, context: plain };
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails: `context.${issue?.path.join(".")}: ${issue?.message}` };
  }
  return { ok: true, context: { targetingKey: parsed.data.targetingKey || undefined, env: parsed.data.env ?? parsed.data.environment } };
}

function metadataOf(flag: FeatureFlag): OfrepSuccess["metadata"] {
  const primitive = Object.entries(flag.metadata).filter(
    (entry): entry is [string, string | number | boolean] => ["string", "number", "boolean"].includes(typeof entry[1]),
  );
  return { ...Object.fromEntries(primitive), version: flag.version };
}

/** One flag's OFREP answer; an unknown or archived flag is FLAG_NOT_FOUND. */
export function ofrepEvaluate(key: string, flag: (FeatureFlag & EvaluableFlag) | undefined, context: OfrepContext): OfrepSuccess | OfrepFailure {
  if (!flag || flag.archived) return { key, errorCode: "FLAG_NOT_FOUND", errorDetails: `No feature flag named ${key}` };
  const result = evaluateFlag(flag, context.targetingKey, context.env);
  if (result.reasonCode === "no_user_id") {
    return { key, errorCode: "TARGETING_KEY_MISSING", errorDetails: result.reason };
  }
  const reason =
    result.reasonCode === "disabled"
      ? "DISABLED"
      : result.reasonCode === "in_rollout" || result.reasonCode === "outside_rollout"
        ? flag.rolloutPercentage > 0
          ? "SPLIT"
          : "STATIC"
        : result.reasonCode === "fully_rolled_out" && flag.targetEnvironments.length === 0
          ? "STATIC"
          : "TARGETING_MATCH";
  return { key, reason, variant: result.enabled ? "on" : "off", value: result.enabled, metadata: metadataOf(flag) };
}

export const isOfrepFailure = (answer: OfrepSuccess | OfrepFailure): answer is OfrepFailure => "errorCode" in answer;

/** The bulk answer's ETag: the flag set's version and the context it was evaluated for. */
export function ofrepBulkEtag(snapshotEtag: string, context: OfrepContext): string {
  const digest = createHash("sha1").update(`${snapshotEtag}|${context.targetingKey ?? ""}|${context.env ?? ""}`).digest("base64url");
  return `"${digest.slice(0, 24)}"`;
}
