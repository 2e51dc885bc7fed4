/**
 * What never reaches a log line (seed 003: passwords, API keys and tokens, full card numbers,
 * personal data), by key name at any depth, and by shape inside any string value.
 */
const SECRET_KEY = /pass(word|wd|phrase)?$|secret|token|authori[sz]ation|cookie|api[-_]?key|private[-_]?key|credential|signature/i;
const PERSONAL_KEY = /^(e-?mail|email[-_]?address|phone(number)?|ssn|date[-_]?of[-_]?birth|dob|(card|credit[-_]?card)[-_]?(number)?|pan|cvc|cvv)$/i;
export const REDACTED = "[redacted]";

/** 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn check: a card number. */
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Secrets by shape: bearer credentials, Opsdeck tokens (prefix kept, as seed 003 asks), URL passwords, card numbers, e-mail addresses. */
export function scrubString(text: string): string {
  return text
    .replace(/\b(odk_[\w-]{4})[\w-]+/g, "$1…")
    .replace(/\b(Bearer|Basic|Token)\s+(?!odk_)[\w.~+/=-]{8,}/gi, `$1 ${REDACTED}`)
    .replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, `$1${REDACTED}@`)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, REDACTED)
    .replace(CARD_CANDIDATE, (match) => {
      const digits = match.replace(/\D/g, "");
      return luhn(digits) ? `****${digits.slice(-4)}` : match;
    });
}

const isSensitiveKey = (key: string) => SECRET_KEY.test(key) || PERSONAL_KEY.test(key);
// Trace and span ids are Opsdeck's own random hex, never secrets; a span id of sixteen decimal
// digits can pass the card-number check, and a masked id breaks the link from a log line to its trace.
const CORRELATION_KEY = /^(trace_id|span_id|parent_span_id)$/;

/** A redacted copy of a log object: sensitive keys replaced at any depth, strings scrubbed, cycles cut. */
export function redactDeep(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return scrubString(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (value instanceof Error) {
    const plain: Record<string, unknown> = { type: value.name, message: value.message, stack: value.stack };
    for (const [key, inner] of Object.entries(value)) plain[key] = inner;
    if (value.cause !== undefined) plain.cause = value.cause;
    return redactDeep(plain, seen);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, seen));
  if (value instanceof Headers || value instanceof Map) return redactDeep(Object.fromEntries(value.entries()), seen);
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    result[key] = isSensitiveKey(key) ? REDACTED : CORRELATION_KEY.test(key) && typeof inner === "string" ? inner : redactDeep(inner, seen);
  }
  return result;
}
