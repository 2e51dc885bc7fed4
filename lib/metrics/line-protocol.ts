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
  // Dropping the last three digits truncates toward zero, as BigInt division did, without a BigInt per point.
  ns: (digits) => (digits.replace("-", "").length <= 3 ? 0 : Number(digits.slice(0, -3))),
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

const CARRIAGE_RETURN = 13;
const HASH = 35;

/**
 * Line protocol parsed as it arrives: `push` takes any piece of a body (chunks of a request as
 * they stream in), parses the lines it completes and keeps the unfinished last one for the next
 * piece; `end` parses that last line and answers every point and error. Blank lines and `#`
 * comments are skipped; lines count from 1 across pieces. `validate` may refuse a well-formed
 * point with a reason, reported like a syntax error.
 */
export class LineProtocolParser {
  private readonly points: MetricPoint[] = [];
  private readonly errors: LineError[] = [];
  private lineNumber = 0;
  private unfinished = "";

  constructor(
    private readonly precision: Precision,
    private readonly nowUs: number,
    private readonly validate?: (point: MetricPoint) => string | null,
  ) {}

  push(piece: string): void {
    const text = this.unfinished ? this.unfinished + piece : piece;
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      this.parseOne(text.slice(start, end));
      start = end + 1;
    }
    this.unfinished = start === 0 ? text : text.slice(start);
  }

  end(): ParsedLines {
    this.parseOne(this.unfinished);
    this.unfinished = "";
    return { points: this.points, errors: this.errors };
  }

  private parseOne(raw: string): void {
    this.lineNumber++;
    const text = (raw.charCodeAt(raw.length - 1) === CARRIAGE_RETURN ? raw.slice(0, -1) : raw).trimStart();
    if (!text || text.charCodeAt(0) === HASH) return;
    try {
      // Neither store can hold it (PostgreSQL refuses NUL outright): refused here, per line, not as a failed batch later.
      const unstorable = unstorableReason(text);
      if (unstorable) throw new LineSyntaxError(`the line ${unstorable}`);
      const point = parseLine(text, this.precision, this.nowUs);
      const invalid = this.validate?.(point);
      if (invalid) this.errors.push({ line: this.lineNumber, message: invalid });
      else this.points.push(point);
    } catch (error) {
      if (!(error instanceof LineSyntaxError)) throw error;
      this.errors.push({ line: this.lineNumber, message: error.message });
    }
  }
}

/** Parses a whole body of line protocol (see LineProtocolParser). */
export function parseLineProtocol(body: string, precision: Precision, nowUs: number, validate?: (point: MetricPoint) => string | null): ParsedLines {
  const parser = new LineProtocolParser(precision, nowUs, validate);
  parser.push(body);
  return parser.end();
}
