import { unstorableReason } from "@/lib/api/storable-text";
import { type FieldValue, type MetricPoint, seriesKeyOf } from "@/lib/metrics/point";
import type { RollupFold } from "@/lib/metrics/rollup/state";
import { type CanonicalLines, isCanonicalLines, type MetricsWrite } from "@/lib/metrics/write-batch";

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
  /** With a fold (see LineProtocolParser): the lines kept as text instead of points, or null when there is none. */
  canonical: CanonicalLines | null;
}

/**
 * Checks a well-formed point must pass to be kept (lib/metrics/point-checks.ts), asked of its
 * parts: the common line is read without building a point. Each answers the reason to refuse it, or null.
 */
export interface LineChecks {
  timestamp(timeUs: number): string | null;
  /** The first `count` of `keys` and `values` are the point's fields. */
  fields(measurement: string, keys: readonly string[], values: readonly FieldValue[], count: number): string | null;
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

/** A line's measurement and tags: the series the point belongs to. */
interface Series {
  measurement: string;
  tags: Record<string, string>;
  /** Its text is exactly how the InfluxDB encoding writes it (see MetricPoint.line). */
  canonical: boolean;
  /** The field keys its last plain line had, by position: the next line's equal keys reuse these strings. */
  fieldKeys: string[];
  /**
   * By position, the type (typeof) of the value of fieldKeys' key in a line of this series that
   * passed the checks in this body: types only ever become known, never change, so the same keys
   * with the same types pass again, and the series' next lines skip asking.
   */
  checkedTypes: Array<string | undefined>;
}

/** Reads `measurement[,tag=value…]` from the start of a line; sets readEnd. */
function readSeries(text: string): Series {
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
  readEnd = index;
  return { measurement, tags, canonical: false, fieldKeys: [], checkedTypes: [] };
}

/** Distinct series a parser remembers at most: a body of all-distinct series gains nothing from more. */
const SERIES_CACHE_MAX = 10_000;

/**
 * A line's series, parsed once per distinct series text: a body holds many points of few series.
 * Without a backslash before the first space, that space ends the series text, so the text is
 * its key; other lines are parsed whole. Sets readEnd.
 */
function cachedSeries(text: string, cache: Map<string, Series>): Series {
  const space = text.indexOf(" ");
  const backslash = text.indexOf("\\");
  if (space <= 0 || (backslash >= 0 && backslash < space)) return readSeries(text);
  const key = text.slice(0, space);
  const cached = cache.get(key);
  if (cached) {
    readEnd = space;
    return cached;
  }
  const series = readSeries(text);
  // Shared by every point of the series in this body: frozen, so no consumer can change another point's tags.
  Object.freeze(series.tags);
  series.canonical = readEnd === space && seriesKeyOf(series.measurement, series.tags) === key;
  if (cache.size < SERIES_CACHE_MAX) cache.set(key, series);
  return series;
}

function parseLine(text: string, precision: Precision, defaultTimeUs: number, seriesCache: Map<string, Series>): MetricPoint {
  const { measurement, tags } = cachedSeries(text, seriesCache);
  let index = readEnd;
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
  const rest = text.slice(index).trim();
  return { measurement, tags, fields, timeUs: rest ? parseTimestamp(rest, precision) : defaultTimeUs };
}

const TIMESTAMP = /^-?\d{1,19}$/;

function parseTimestamp(rest: string, precision: Precision): number {
  if (!TIMESTAMP.test(rest)) throw new LineSyntaxError(`invalid timestamp ${JSON.stringify(rest.slice(0, 40))}`);
  const timeUs = PRECISION_TO_US[precision](rest);
  if (!Number.isSafeInteger(timeUs)) throw new LineSyntaxError("timestamp out of range");
  return timeUs;
}

const DIGIT_0 = 48;
const MINUS = 45;
const DOT = 46;
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * `-?digits[.digits]` between start and end, with at most 15 digits, read without a string: the
 * digits as one integer m and the decimals k give m / 10^k, both exact in a double, so the one
 * rounding of the division is the correctly rounded value Number() gives. Anything else
 * (exponents, longer numbers, a leading "+" or ".") answers undefined, for the general reading.
 */
function plainDecimal(text: string, start: number, end: number): number | undefined {
  const negative = text.charCodeAt(start) === MINUS;
  let index = negative ? start + 1 : start;
  if (index >= end || end - index > 16) return undefined;
  let mantissa = 0;
  let decimals = -1;
  let digits = 0;
  for (; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === DOT && decimals < 0 && digits > 0) decimals = 0;
    else if (code >= DIGIT_0 && code <= DIGIT_0 + 9) {
      mantissa = mantissa * 10 + (code - DIGIT_0);
      digits++;
      if (decimals >= 0) decimals++;
    } else return undefined;
  }
  if (digits > 15) return undefined;
  const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals]! : mantissa;
  return negative ? -value : value;
}

/**
 * A timestamp of only digits (and a leading "-") in µs, read without a string; undefined for any
 * other text, or one beyond 2^53, for the general reading. Nanoseconds drop their last three
 * digits, which truncates toward zero as the general reading does.
 */
function plainTimestampUs(text: string, start: number, precision: Precision): number | undefined {
  const negative = text.charCodeAt(start) === MINUS;
  const first = negative ? start + 1 : start;
  const end = precision === "ns" ? text.length - 3 : text.length;
  // As the general reading: 1 to 19 digits.
  if (first >= text.length || text.length - first > 19) return undefined;
  let value = 0;
  for (let index = first; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < DIGIT_0 || code > DIGIT_0 + 9) return undefined;
    if (index < end) value = value * 10 + (code - DIGIT_0);
  }
  const us = value * (precision === "ms" ? 1000 : precision === "s" ? 1_000_000 : 1);
  if (us > Number.MAX_SAFE_INTEGER) return undefined;
  return negative && us !== 0 ? -us : us;
}

/** Whether a decimal that plainDecimal read is written as String(value) writes it (no leading or trailing zeros, no exponent form). */
function isCanonicalDecimal(text: string, start: number, end: number, value: number): boolean {
  const negative = text.charCodeAt(start) === MINUS;
  const first = negative ? start + 1 : start;
  if (text.charCodeAt(first) === DIGIT_0 && first + 1 < end && text.charCodeAt(first + 1) !== DOT) return false;
  const dot = text.indexOf(".", first);
  const decimal = dot >= 0 && dot < end;
  if (decimal && (text.charCodeAt(end - 1) === DIGIT_0 || dot === end - 1)) return false;
  if (value === 0) return !negative && !decimal;
  // Below 1e-6 String() switches to exponent form.
  return Math.abs(value) >= 1e-6;
}

/** Whether timestamp digits (µs) are written as String(timeUs) writes them: no leading zero, no "-0". */
function isCanonicalTimestamp(text: string, start: number): boolean {
  const first = text.charCodeAt(start) === MINUS ? start + 1 : start;
  return text.charCodeAt(first) !== DIGIT_0 || (first === text.length - 1 && first === start);
}

/** What readPlainLine read of a line: one per parser, filled again for every line rather than allocated. */
interface PlainLine {
  series: Series;
  /** The first `count` are the line's field keys and values. */
  keys: string[];
  values: FieldValue[];
  count: number;
  timeUs: number;
  /** The line as toLineProtocol would write the point, when its text is that already (but for the timestamp's unit), else undefined. */
  canonical: string | undefined;
  /** Whether lines of the series with these keys and types passed the checks already in this body. */
  checked: boolean;
}

/**
 * The common line, from a piece with no backslash or double quote anywhere — nothing escaped, no
 * string fields — read with indexOf rather than character by character, into `line`. Answers
 * false for anything irregular, which parseLine then reads (and names the fault of) as it reads
 * every other line.
 */
function readPlainLine(text: string, precision: Precision, defaultTimeUs: number, seriesCache: Map<string, Series>, line: PlainLine): boolean {
  const space = text.indexOf(" ");
  if (space <= 0) return false;
  const seriesText = text.slice(0, space);
  let series = seriesCache.get(seriesText);
  if (!series) {
    series = cachedSeries(text, seriesCache);
    if (readEnd !== space) return false;
  }
  let start = space + 1;
  while (text.charCodeAt(start) === SPACE) start++;
  // Whether the line is, character for character, how toLineProtocol would write the point.
  let canonical = series.canonical && start === space + 1;
  let checked = true;
  const timeSpace = text.indexOf(" ", start);
  const fieldsEnd = timeSpace < 0 ? text.length : timeSpace;
  if (start >= fieldsEnd) return false;
  const { keys, values } = line;
  let count = 0;
  for (;;) {
    const comma = text.indexOf(",", start);
    const end = comma < 0 || comma > fieldsEnd ? fieldsEnd : comma;
    const equals = text.indexOf("=", start);
    if (equals <= start || equals >= end - 1) return false;
    // The series' points nearly always carry the same keys: one string each, not one per point.
    const known = series.fieldKeys[count];
    let key: string;
    if (known !== undefined && known.length === equals - start && text.startsWith(known, start)) key = known;
    else {
      series.fieldKeys[count] = key = text.slice(start, equals);
      series.checkedTypes[count] = undefined;
    }
    // A key given twice: the general reading keeps the last value, as InfluxDB does.
    if (count > 0 && keys.lastIndexOf(key, count - 1) >= 0) return false;
    let value: FieldValue | undefined = plainDecimal(text, equals + 1, end);
    if (value === undefined) {
      const raw = text.slice(equals + 1, end);
      value = parseFieldValue(raw, key);
      // Of the other values only booleans written as T and F read back as toLineProtocol writes them.
      if (canonical && raw !== (value === true ? "T" : value === false ? "F" : null)) canonical = false;
    } else if (canonical && !isCanonicalDecimal(text, equals + 1, end, value)) canonical = false;
    if (series.checkedTypes[count] !== typeof value) checked = false;
    keys[count] = key;
    values[count] = value;
    count++;
    if (end === fieldsEnd) break;
    start = end + 1;
    if (start >= fieldsEnd) return false;
  }
  let timeUs = timeSpace < 0 ? defaultTimeUs : plainTimestampUs(text, timeSpace + 1, precision);
  if (timeUs === undefined) {
    canonical = false;
    const rest = text.slice(timeSpace + 1).trim();
    timeUs = rest ? parseTimestamp(rest, precision) : defaultTimeUs;
  }
  line.series = series;
  line.count = count;
  line.timeUs = timeUs;
  line.checked = checked;
  line.canonical = !canonical ? undefined : timeSpace >= 0 && precision === "us" && isCanonicalTimestamp(text, timeSpace + 1) ? text : `${text.slice(0, fieldsEnd)} ${timeUs}`;
  return true;
}

/** The point readPlainLine read. */
function pointOf(line: PlainLine): MetricPoint {
  const fields: Record<string, FieldValue> = {};
  for (let index = 0; index < line.count; index++) fields[line.keys[index]!] = line.values[index]!;
  // `line` in the literal, even when undefined: a point is then one object of one shape, where
  // adding it afterwards cost every canonical point a second allocation for the property.
  return { measurement: line.series.measurement, tags: line.series.tags, fields, timeUs: line.timeUs, line: line.canonical };
}

/** Text with nothing escaped and no string field: its lines can take the plain path. */
const isPlain = (text: string) => !text.includes("\\") && !text.includes('"');

const CARRIAGE_RETURN = 13;
const HASH = 35;

/**
 * Line protocol parsed as it arrives: `push` takes any piece of a body (chunks of a request as
 * they stream in), parses the lines it completes and keeps the unfinished last one for the next
 * piece; `end` parses that last line and answers every point and error. Blank lines and `#`
 * comments are skipped; lines count from 1 across pieces. `checks` may refuse a well-formed
 * point with a reason, reported like a syntax error. The points of one series share their
 * measurement string and (frozen) tags object, which lets the rollups and the InfluxDB encoding
 * handle a series once per body rather than once per point.
 *
 * With a `fold` (for a store that writes line protocol as it is), a line already written as
 * toLineProtocol writes it becomes no point: its values go into the fold's rollup deltas and its
 * text into `canonical` (see CanonicalLines); the other lines are points as before.
 */
export class LineProtocolParser {
  private readonly points: MetricPoint[] = [];
  private readonly errors: LineError[] = [];
  /**
   * With a fold: the lines kept as text, as UTF-8 in pieces of one or more whole lines — bytes
   * outside V8's heap, so that a body's text waiting to be written is not copied and promoted by
   * the garbage collector, as the strings it was read as would be.
   */
  private readonly canonicalText: Buffer[] = [];
  private canonicalCount = 0;
  private lineNumber = 0;
  private unfinished = "";
  private readonly series = new Map<string, Series>();
  private readonly plainLine: PlainLine = { series: undefined as unknown as Series, keys: [], values: [], count: 0, timeUs: 0, canonical: undefined, checked: false };

  constructor(
    private readonly precision: Precision,
    private readonly nowUs: number,
    private readonly options: { checks?: LineChecks; fold?: RollupFold } = {},
  ) {}

  push(piece: string): void {
    const text = this.unfinished ? this.unfinished + piece : piece;
    // Nearly every piece holds nothing unstorable, nothing escaped and no string: one scan of the
    // piece for each spares a scan per line, and its lines take the plain path.
    const checkEachLine = unstorableReason(text) !== undefined;
    const plain = isPlain(text);
    let start = 0;
    // Where the run of lines kept as they are began, or -1: a run is kept as one slice of the piece.
    let runStart = -1;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      if (this.parseOne(text.slice(start, end), checkEachLine, plain)) {
        if (runStart < 0) runStart = start;
      } else if (runStart >= 0) {
        this.canonicalText.push(Buffer.from(text.slice(runStart, start - 1)));
        runStart = -1;
      }
      start = end + 1;
    }
    if (runStart >= 0) this.canonicalText.push(Buffer.from(text.slice(runStart, start - 1)));
    this.unfinished = start === 0 ? text : text.slice(start);
  }

  end(): ParsedLines {
    if (this.parseOne(this.unfinished, true, isPlain(this.unfinished))) this.canonicalText.push(Buffer.from(this.unfinished));
    this.unfinished = "";
    const { fold } = this.options;
    const canonical = fold && this.canonicalCount > 0 ? { text: this.canonicalText, count: this.canonicalCount, deltas: fold.deltas() } : null;
    return { points: this.points, errors: this.errors, canonical };
  }

  /** Parses one line; answers true when it was kept as text exactly as it arrived (`raw`), for the caller to keep. */
  private parseOne(raw: string, checkStorable: boolean, plain: boolean): boolean {
    this.lineNumber++;
    const text = (raw.charCodeAt(raw.length - 1) === CARRIAGE_RETURN ? raw.slice(0, -1) : raw).trimStart();
    if (!text || text.charCodeAt(0) === HASH) return false;
    try {
      // Neither store can hold it (PostgreSQL refuses NUL outright): refused here, per line, not as a failed batch later.
      const unstorable = checkStorable && unstorableReason(text);
      if (unstorable) throw new LineSyntaxError(`the line ${unstorable}`);
      if (plain && readPlainLine(text, this.precision, this.nowUs, this.series, this.plainLine)) return this.acceptPlain(this.plainLine, raw);
      this.acceptPoint(parseLine(text, this.precision, this.nowUs, this.series));
    } catch (error) {
      if (!(error instanceof LineSyntaxError)) throw error;
      this.errors.push({ line: this.lineNumber, message: error.message });
    }
    return false;
  }

  /** Keeps a plain line that passes the checks: as text when it can be (see parseOne), else as a point. */
  private acceptPlain(line: PlainLine, raw: string): boolean {
    const { checks, fold } = this.options;
    const { series, keys, values, count, timeUs } = line;
    const fault = checks && (checks.timestamp(timeUs) ?? (line.checked ? null : checks.fields(series.measurement, keys, values, count)));
    if (fault) {
      this.errors.push({ line: this.lineNumber, message: fault });
      return false;
    }
    if (!line.checked) for (let index = 0; index < count; index++) series.checkedTypes[index] = typeof values[index];
    if (!fold || line.canonical === undefined) {
      this.points.push(pointOf(line));
      return false;
    }
    for (let index = 0; index < count; index++) fold.accept(series.measurement, series.tags, keys[index]!, values[index]!, timeUs);
    this.canonicalCount++;
    if (line.canonical === raw) return true;
    // Canonical but for its timestamp's unit or a carriage return: its own text.
    this.canonicalText.push(Buffer.from(line.canonical));
    return false;
  }

  private acceptPoint(point: MetricPoint): void {
    const checks = this.options.checks;
    const keys = checks ? Object.keys(point.fields) : [];
    const fault = checks && (checks.timestamp(point.timeUs) ?? checks.fields(point.measurement, keys, Object.values(point.fields), keys.length));
    if (fault) this.errors.push({ line: this.lineNumber, message: fault });
    else this.points.push(point);
  }
}

/** Parses a whole body of line protocol (see LineProtocolParser). */
export function parseLineProtocol(body: string, precision: Precision, nowUs: number, options?: { checks?: LineChecks; fold?: RollupFold }): ParsedLines {
  const parser = new LineProtocolParser(precision, nowUs, options);
  parser.push(body);
  return parser.end();
}

/** The points of a batch, canonical lines parsed back (they are µs line protocol, and passed every check when first parsed). */
export function pointsOf(batch: MetricsWrite[]): MetricPoint[] {
  return batch.flatMap((item) => (isCanonicalLines(item) ? parseLineProtocol(item.text.map((piece) => piece.toString()).join("\n"), "us", 0).points : [item]));
}
