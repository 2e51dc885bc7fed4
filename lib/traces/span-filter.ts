/**
 * The attribute conditions of the span-level trace search, as written in `?attr=`:
 *
 *   attr=request_id=req-42            the span has attribute request_id equal to "req-42"
 *   attr=http.status_code=500         equal to 500 (a number) or "500" (a string)
 *   attr=http.status_code>=500        a numeric comparison: >, >=, <, <= (the attribute is a number,
 *                                     or a string holding one)
 *
 * The key is the attribute's name as the SDK sent it (dots are part of it, not nesting). The first
 * operator after the key splits the condition, so a value may itself hold `=` or `<`.
 * Pure: shared by the API's schema, the trace list's form and the SQL in lib/traces/queries.ts.
 */

export type AttributeOperator = "=" | ">" | ">=" | "<" | "<=";

export type AttributeCondition =
  | { key: string; op: "="; value: string }
  | { key: string; op: Exclude<AttributeOperator, "=">; value: number };

export const MAX_ATTRIBUTE_KEY = 256;
export const MAX_ATTRIBUTE_VALUE = 1024;
/** Conditions one search may carry (each is a clause of its SQL). */
export const MAX_ATTRIBUTE_CONDITIONS = 8;

const CONDITION = /^([A-Za-z0-9_.\-:/@]+)\s*(>=|<=|=|>|<)([\s\S]*)$/;

/** The condition, or why it is not one (said to the person who typed it). */
export function parseAttributeCondition(text: string): { condition: AttributeCondition } | { problem: string } {
  const match = CONDITION.exec(text.trim());
  if (!match) {
    return { problem: "write key=value or a numeric comparison such as http.status_code>=500 (key: letters, digits, _ . - : / @)" };
  }
  const [, key, op, rawValue] = match as unknown as [string, string, AttributeOperator, string];
  if (key.length > MAX_ATTRIBUTE_KEY) return { problem: `the attribute name is longer than ${MAX_ATTRIBUTE_KEY} characters` };
  const value = rawValue.trim();
  if (op === "=") {
    if (!value) return { problem: `${key}= needs a value` };
    if (value.length > MAX_ATTRIBUTE_VALUE) return { problem: `the value is longer than ${MAX_ATTRIBUTE_VALUE} characters` };
    return { condition: { key, op, value } };
  }
  const number = /^-?\d{1,18}(\.\d{1,18})?$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) return { problem: `${key}${op} compares numbers: "${value}" is not a number` };
  return { condition: { key, op, value: number } };
}

/**
 * The JSON objects an attribute equal to `value` contains, for `attributes @> …` (which the GIN
 * index answers): the text itself, and the number or boolean it spells, since SDKs differ in which
 * they send (`http.status_code` is an int in one and a string in another).
 */
export function equalityDocuments({ key, value }: { key: string; value: string }): string[] {
  const documents: unknown[] = [value];
  if (/^-?\d{1,15}(\.\d{1,15})?$/.test(value)) documents.push(Number(value));
  if (value === "true" || value === "false") documents.push(value === "true");
  return documents.map((document) => JSON.stringify({ [key]: document }));
}

export const formatAttributeCondition = (condition: AttributeCondition) => `${condition.key}${condition.op}${condition.value}`;
