import { ApiError } from "@/lib/api/errors";

/**
 * Text PostgreSQL cannot hold: NUL (refused in text and JSON columns alike) and lone UTF-16
 * surrogates (not Unicode at all; the driver cannot encode them). The API refuses such input,
 * naming the field, because changing what a person typed behind their back would hide their bug;
 * telemetry (spans) is repaired instead with `repairText`, because one odd attribute must not
 * cost a whole export.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

export function unstorableReason(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (U+0000), which cannot be stored";
  if (LONE_SURROGATE.test(text)) return "contains a lone UTF-16 surrogate, which is not valid Unicode";
  return undefined;
}

/** The text with NULs and lone surrogates replaced by U+FFFD (the replacement character). */
export function repairText(text: string): string {
  if (!unstorableReason(text)) return text;
  return text.replaceAll("\u0000", "\uFFFD").replace(LONE_SURROGATES, "\uFFFD");
}

/** The first `max` UTF-16 units of the text, never ending on half of a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

type Path = Array<string | number>;

/** The first string or object key in a parsed JSON value that cannot be stored (walked without recursion). */
export function findUnstorableText(value: unknown): { path: Path; reason: string } | undefined {
  const pending: Array<[unknown, Path]> = [[value, []]];
  while (pending.length > 0) {
    const [current, path] = pending.pop() as [unknown, Path];
    if (typeof current === "string") {
      const reason = unstorableReason(current);
      if (reason) return { path, reason };
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, [...path, index]]));
    } else if (current && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        const reason = unstorableReason(key);
        if (reason) return { path: [...path, key], reason: `has a key that ${reason}` };
        pending.push([item, [...path, key]]);
      }
    }
  }
  return undefined;
}

/** Throws the API's 400, naming the field, when `value` (a body, query or path parameters) holds unstorable text. */
export function rejectUnstorableText(value: unknown, where: string): void {
  const found = findUnstorableText(value);
  if (!found) return;
  const field = [where, ...found.path].join(".");
  throw new ApiError(400, "validation_failed", `Invalid ${where} at ${field}: ${found.reason}`, [
    { code: "invalid_characters", path: found.path, message: found.reason },
  ]);
}
