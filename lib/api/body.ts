import { ApiError } from "@/lib/api/errors";
import { getConfig } from "@/lib/config";

/**
 * The one way a request body is read: counted while it streams, so a caller that sends 20 MB to
 * a 1 MB endpoint costs 1 MB of memory, not 20, and gets its 413 as soon as the limit is passed.
 */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `Body exceeds ${limit} bytes`);
  if (Number(req.headers.get("content-length") ?? "0") > limit) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      // Not cancelled: cancelling would close the socket before the 413 is written; the server discards the rest.
      if (size > limit) throw tooLarge();
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}

export async function readBodyText(req: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, limit));
}

export interface JsonLimits {
  maxDepth: number;
  maxArrayItems: number;
}

/** The limits of API bodies (JSON_MAX_DEPTH, JSON_MAX_ARRAY_ITEMS). */
export function apiJsonLimits(): JsonLimits {
  const { JSON_MAX_DEPTH, JSON_MAX_ARRAY_ITEMS } = getConfig();
  return { maxDepth: JSON_MAX_DEPTH, maxArrayItems: JSON_MAX_ARRAY_ITEMS };
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Checks a JSON text's nesting depth and array lengths in one linear pass, without building
 * anything, so that JSON.parse and everything after it (zod, Prisma, the audit diff) only ever
 * see shapes of bounded depth. Malformed JSON passes through: JSON.parse reports it.
 */
export function checkJsonShape(text: string, { maxDepth, maxArrayItems }: JsonLimits): void {
  // Per open level: -1 for an object, else the commas seen so far in that array.
  const commas: number[] = [];
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) inString = true;
    else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (commas.length >= maxDepth) {
        throw new ApiError(400, "json_too_deep", `JSON nesting exceeds ${maxDepth} levels`, { maxDepth });
      }
      commas.push(code === OPEN_OBJECT ? -1 : 0);
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) commas.pop();
    else if (code === COMMA && commas.length > 0) {
      const level = commas.length - 1;
      const seen = commas[level] as number;
      if (seen < 0) continue;
      // n commas separate n + 1 items.
      if (seen + 2 > maxArrayItems) {
        throw new ApiError(413, "json_array_too_long", `A JSON array has more than ${maxArrayItems} items`, { maxArrayItems });
      }
      commas[level] = seen + 1;
    }
  }
}

/** Parses a JSON body within the limits; an empty body is undefined. */
export function parseJsonBody(text: string, limits: JsonLimits): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  checkJsonShape(trimmed, limits);
  try {
    return JSON.parse(trimmed);
  } catch (error) {
    throw new ApiError(400, "invalid_json", `Body is not valid JSON: ${(error as Error).message}`);
  }
}
