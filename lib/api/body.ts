import { ApiError } from "@/lib/api/errors";
import { getConfig } from "@/lib/config";

/**
 * The one way a request body is read: counted while it streams, so a caller that sends 20 MB to
 * a 1 MB endpoint costs 1 MB of memory, not 20, and gets its 413 as soon as the limit is passed.
 * Each chunk is handed to `onChunk` as it arrives; answers the body's size.
 */
async function streamBody(req: Request, limit: number, onChunk: (chunk: Uint8Array) => void): Promise<number> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `Body exceeds ${limit} bytes`);
  if (Number(req.headers.get("content-length") ?? "0") > limit) throw tooLarge();
  if (!req.body) return 0;
  const reader = req.body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      // Not cancelled: cancelling would close the socket before the 413 is written; the server discards the rest.
      if (size > limit) throw tooLarge();
      onChunk(value);
    }
  } finally {
    reader.releaseLock();
  }
  return size;
}

export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const size = await streamBody(req, limit, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks, size);
}

export async function readBodyText(req: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, limit));
}

/**
 * A body decoded as UTF-8 while it streams, each piece of text handed to `onText` as it arrives
 * (a character split across chunks is completed in the next piece), within the same limit: for
 * bodies a handler can consume piece by piece (line protocol) instead of holding them whole.
 */
export async function streamBodyText(req: Request, limit: number, onText: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  await streamBody(req, limit, (chunk) => onText(decoder.decode(chunk, { stream: true })));
  const rest = decoder.decode();
  if (rest) onText(rest);
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
