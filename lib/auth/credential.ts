import { createHash } from "node:crypto";

/**
 * How a machine caller's secret travels and is recognised, shared by the web app and the flag
 * edge (which has no database): the headers it may come in, and the only form ever stored.
 */
export const TOKEN_PREFIX = "odk_";

/** SHA-256: the secret has enough entropy that a slow hash adds nothing. */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/**
 * The secret a machine caller sent: `Authorization: Bearer …` (our API, OTLP exporters),
 * `Authorization: Token …` (InfluxDB clients, Telegraf) or `X-API-Key` (OFREP providers).
 */
export function credentialFrom(authorization: string | null | undefined, apiKey: string | null | undefined): string | null {
  const match = authorization?.match(/^(?:Bearer|Token)\s+(\S+)$/i);
  if (match?.[1]) return match[1];
  return apiKey?.trim() || null;
}
