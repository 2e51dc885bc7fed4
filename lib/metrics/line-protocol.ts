import { unstorableReason } from "@/lib/api/storable-text";
import type { FieldValue, MetricPoint } from "@/lib/metrics/point";

/**
 * A parser for InfluxDB line protocol (1.x/2.x syntax): `measurement[,tag=v…] field=v[,…] [timestamp]`.
 * Each line is parsed on its own, so a bad line is reported with its number and never stops the
 * good lines around it. Integers (`1i`) and unsigned (`1u`) become numbers, as do floats.
 */
export type Precision = "ns" | "us" | "ms" | "s";

export interface LineError {
  line: number;
  message: string;
}

export interface ParsedLines {
  points: MetricPoint[];
  errors: LineError[];
}

/** `precision` as v1 clients send it (`n`, `u`, `ms`, `s`) or as v2 does (`ns`, `us`). */
export function parsePrecision(value: string | undefined): Precision | null {
  switch (value ?? "ns") {
    case "n":
    case "ns":
      return "ns";
    case "u":
    case "us":
      return "us";
    case "ms":
      return "ms";
    case "s":
      return "s";
    default:
      return null;
  }
}

class LineSyntaxError extends Error {}

const COMMA = 44;
const SPACE = 32;
const EQUALS = 61;
const BACKSLASH = 92;

/** Where the last readUntil stopped: returned beside its value without allocating a pair per call. */
let readEnd = 0;

/**
 * Reads up to an unescaped comma or space (and `=` when `stopAtEquals`); `\` escapes the next
 * character; sets readEnd. Copies slices rather than characters: this runs for every part of every line.
 */
function readUntil(text: string, start: number, stopAtEquals: boolean): string {
  let value = "";
  let chunkStart = start;
  let index = start;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === COMMA || code === SPACE || (stopAtEquals && code === EQUALS)) break;
    // Only the protocol's special characters are escapes; any other backslash is literal.
    if (code === BACKSLASH && index + 1 < text.length && ',= \\"'.includes(text[index + 1] as string)) {
      value += text.slice(chunkStart, index) + text[index + 1];
      index += 2;
      chunkStart = index;
      continue;
    }
    index++;
  }
  readEnd = index;
  return value + text.slice(chunkStart, index);
}

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseFieldValue(raw: string, key: string): FieldValue {
  // Floats first: nearly every value is one.
  if (FLOAT.test(raw)) {
    const number = Number(raw);
    if (Number.isFinite(number)) return number;
  }
  if (/^[tT](rue)?$|^TRUE$|^True$/.test(raw)) return true;
  if (/^[fF](alse)?$|^FALSE$|^False$/.test(raw)) return false;
  const integer = /^(-?\d+)[iu]$/.exec(raw);
  if (integer) {
    if (raw.endsWith("u") && raw.startsWith("-")) throw new LineSyntaxError(`field ${key}: unsigned value is negative`);
    return Number(integer[1]);
  }
  throw new LineSyntaxError(`field ${key}: invalid value ${JSON.stringify(raw.slice(0, 40))}`);
}

const PRECISION_TO_US: Record<Precision, (digits: string) => number> = {
  ns: (digits) => Number(BigInt(digits) / 1000n),
  us: (digits) => Number(digits),
  ms: (digits) => Number(digits) * 1000,
  s: (digits) => Number(digits) * 1_000_000,
};

function parseLine(text: string, precision: Precision, defaultTimeUs: number): MetricPoint {
  const measurement = readUntil(text, 0, false);
  if (!measurement) throw new LineSyntaxError("missing measurement");
  let index = readEnd;
  const tags: Record<string, string> = {};
  while (text[index] === ",") {
    const key = readUntil(text, index + 1, true);
    if (!key || text[readEnd] !== "=") throw new LineSyntaxError(`tag ${JSON.stringify(key)}: expected key=value`);
    const value = readUntil(text, readEnd + 1, false);
    if (!value) throw new LineSyntaxError(`tag ${key}: empty value`);
    tags[key] = value;
    index = readEnd;
  }
  if (text[index] !== " ") throw new LineSyntaxError("missing fields");
  while (text[index] === " ") index++;
  const fields: Record<string, FieldValue> = {};
  for (;;) {
    const key = readUntil(text, index, true);
    if (!key || text[readEnd] !== "=") throw new LineSyntaxError(`field ${JSON.stringify(key)}: expected key=value`);
    index = readEnd + 1;
    if (text[index] === '"') {
      let value = "";
      index++;
      while (index < text.length && text[index] !== '"') {
        if (text[index] === "\\" && (text[index + 1] === '"' || text[index + 1] === "\\")) index++;
        value += text[index];
        index++;
      }
      if (text[index] !== '"') throw new LineSyntaxError(`field ${key}: unterminated string`);
      index++;
      fields[key] = value;
    } else {
      fields[key] = parseFieldValue(readUntil(text, index, false), key);
      index = readEnd;
    }
    if (text[index] !== ",") break;
    index++;
  }
  let timeUs = defaultTimeUs;
  const rest = text.slice(index).trim();
  if (rest) {
    if (!/^-?\d{1,19}$/.test(rest)) throw new LineSyntaxError(`invalid timestamp ${JSON.stringify(rest.slice(0, 40))}`);
    timeUs = PRECISION_TO_US[precision](rest);
    if (!Number.isSafeInteger(timeUs)) throw new LineSyntaxError("timestamp out of range");
  }
  return { measurement, tags, fields, timeUs };
}

/**
 * Parses a body of line protocol; blank lines and `#` comments are skipped. Lines count from 1.
 * `validate` may refuse a well-formed point with a reason, reported like a syntax error.
 */
export function parseLineProtocol(body: string, precision: Precision, nowUs: number, validate?: (point: MetricPoint) => string | null): ParsedLines {
  const points: MetricPoint[] = [];
  const errors: LineError[] = [];
  body.split("\n").forEach((raw, index) => {
    const text = raw.replace(/\r$/, "");
    if (!text.trim() || text.trimStart().startsWith("#")) return;
    try {
      // Neither store can hold it (PostgreSQL refuses NUL outright): refused here, per line, not as a failed batch later.
      const unstorable = unstorableReason(text);
      if (unstorable) throw new LineSyntaxError(`the line ${unstorable}`);
      const point = parseLine(text.trimStart(), precision, nowUs);
      const invalid = validate?.(point);
      if (invalid) errors.push({ line: index + 1, message: invalid });
      else points.push(point);
    } catch (error) {
      if (!(error instanceof LineSyntaxError)) throw error;
      errors.push({ line: index + 1, message: error.message });
    }
  });
  return { points, errors };
}
