/**
 * OTLP trace export requests → the spans Opsdeck stores. Pure: no I/O, no clock (callers pass `now`).
 *
 * The rules for bad input, applied per span so one bad span never costs its neighbours
 * (rejected spans are counted in the response's `partialSuccess`):
 * - ids: traceId must be 32 hex digits, spanId 16, neither all zeros → otherwise the span is rejected.
 *   A parentSpanId that is empty means a root; one that is not 16 hex digits rejects the span;
 *   one equal to the span's own id is dropped (the span becomes a root).
 * - times: startTimeUnixNano must be a positive integer (string or number) → otherwise rejected.
 *   An end before the start (a negative duration) or a missing end is repaired to a zero duration and
 *   the span gets the attribute `opsdeck.repaired`. A start outside the retention window (older than
 *   the retention, or more than an hour in the future) is rejected: it would be deleted at once.
 * - duplicates: a span id repeated within one trace in one request keeps the first copy.
 * - sizes: names are cut to 256 characters, string values to 4,096, arrays to 128 items; a span keeps
 *   at most 128 attributes, 128 events and 128 links (what is dropped is counted in `opsdeck.dropped`).
 * - enums: span kind and status code are integers (OTLP's JSON encoding); anything else reads as 0.
 * - unknown fields are ignored. A parent that never arrives is kept as is: the waterfall shows such
 *   spans under a "missing parent" marker.
 */
import { cutText, repairText } from "@/lib/api/storable-text";

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface SpanEvent {
  name: string;
  timeNs: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  service: string;
  kind: number;
  startNs: bigint;
  durationNs: bigint;
  statusCode: number;
  statusMessage: string | null;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  resource: Attributes;
  scope: { name?: string; version?: string };
}

export interface NormalizedExport {
  spans: StoredSpan[];
  rejected: number;
  /** The first few reasons, for `partialSuccess.errorMessage`. */
  errors: string[];
}

export const LIMITS = {
  name: 256,
  stringValue: 4096,
  arrayItems: 128,
  attributes: 128,
  events: 128,
  links: 128,
  depth: 4,
  /** Nesting beyond this makes the whole export a 400 (protobuf has no JSON_MAX_DEPTH scan before decoding). */
  rejectDepth: 64,
  futureToleranceNs: 3_600n * 1_000_000_000n,
} as const;

/** A request body that is not an export request at all: the receiver answers 400. */
export class MalformedExportError extends Error {
  override name = "MalformedExportError";
}

export type IdEncoding = "hex" | "base64";

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;
const MAX_ERRORS = 5;

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function decodeId(value: unknown, encoding: IdEncoding): string {
  if (typeof value !== "string") return "";
  return encoding === "hex" ? value.toLowerCase() : Buffer.from(value, "base64").toString("hex");
}

/** OTLP 64-bit integers arrive as decimal strings or numbers. */
export function parseUint64(value: unknown): bigint | null {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) {
    const parsed = BigInt(value);
    return parsed <= 0xffff_ffff_ffff_ffffn ? parsed : null;
  }
  return null;
}

const cut = (text: string, max: number) => repairText(text.length > max ? `${cutText(text, max)}…` : text);

/** The AnyValues directly inside one (an array's items, a kvlist's values). */
function nestedValues(value: Loose): unknown[] {
  if (isObject(value.arrayValue)) return list(value.arrayValue.values);
  if (isObject(value.kvlistValue)) return list(value.kvlistValue.values).map((entry) => (isObject(entry) ? entry.value : undefined));
  return [];
}

/** True when an AnyValue nests more than `max` levels below this one (measured without recursion). */
function nestsDeeperThan(value: Loose, max: number): boolean {
  let level: Loose[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > max) return true;
    level = level.flatMap(nestedValues).filter(isObject);
  }
  return false;
}

function anyValue(value: unknown, encoding: IdEncoding, depth = 0): AttributeValue {
  if (!isObject(value)) return null;
  if (typeof value.stringValue === "string") return cut(value.stringValue, LIMITS.stringValue);
  if (typeof value.boolValue === "boolean") return value.boolValue;
  if (value.intValue !== undefined) {
    const parsed = typeof value.intValue === "number" ? value.intValue : Number(value.intValue);
    return Number.isFinite(parsed) ? (Number.isSafeInteger(parsed) ? parsed : String(value.intValue)) : null;
  }
  if (value.doubleValue !== undefined) {
    const parsed = Number(value.doubleValue);
    return Number.isFinite(parsed) ? parsed : cut(String(value.doubleValue), LIMITS.name);
  }
  if (typeof value.bytesValue === "string") {
    // Shown as hex whatever the wire form (base64 in JSON and protobufjs's object form alike).
    return cut(Buffer.from(value.bytesValue, "base64").toString("hex"), LIMITS.stringValue);
  }
  if (depth >= LIMITS.depth) {
    // Kept values stop at LIMITS.depth; a value nesting past the hard bound is a hostile export, not data.
    if (nestsDeeperThan(value, LIMITS.rejectDepth - depth)) {
      throw new MalformedExportError(`An attribute value nests deeper than ${LIMITS.rejectDepth} levels`);
    }
    return null;
  }
  if (isObject(value.arrayValue)) {
    return list(value.arrayValue.values)
      .slice(0, LIMITS.arrayItems)
      .map((item) => anyValue(item, encoding, depth + 1));
  }
  if (isObject(value.kvlistValue)) return attributes(value.kvlistValue.values, encoding, depth + 1).values;
  return null;
}

function attributes(raw: unknown, encoding: IdEncoding, depth = 0): { values: Attributes; dropped: number } {
  const values: Attributes = {};
  let kept = 0;
  let dropped = 0;
  for (const entry of list(raw)) {
    if (!isObject(entry) || typeof entry.key !== "string") continue;
    if (kept >= LIMITS.attributes) {
      dropped++;
      continue;
    }
    values[cut(entry.key, LIMITS.name)] = anyValue(entry.value, encoding, depth);
    kept++;
  }
  return { values, dropped };
}

const enumValue = (value: unknown, max: number) => (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max ? value : 0);

export interface NormalizeOptions {
  encoding: IdEncoding;
  nowNs: bigint;
  retentionNs: bigint;
}

/** Turns the object form of an ExportTraceServiceRequest (OTLP JSON, or protobufjs's toObject) into spans. */
export function normalizeExport(request: unknown, { encoding, nowNs, retentionNs }: NormalizeOptions): NormalizedExport {
  if (!isObject(request)) throw new MalformedExportError("The body is not an ExportTraceServiceRequest object");
  if (request.resourceSpans !== undefined && !Array.isArray(request.resourceSpans)) {
    throw new MalformedExportError("resourceSpans must be an array");
  }
  const result: NormalizedExport = { spans: [], rejected: 0, errors: [] };
  const seen = new Set<string>();
  const reject = (reason: string) => {
    result.rejected++;
    if (result.errors.length < MAX_ERRORS) result.errors.push(reason);
  };
  const oldest = nowNs - retentionNs;
  const newest = nowNs + LIMITS.futureToleranceNs;

  for (const resourceSpans of list(request.resourceSpans)) {
    if (!isObject(resourceSpans)) continue;
    const resource = attributes(isObject(resourceSpans.resource) ? resourceSpans.resource.attributes : undefined, encoding).values;
    const service = typeof resource["service.name"] === "string" && resource["service.name"] ? resource["service.name"] : "unknown_service";
    for (const scopeSpans of list(resourceSpans.scopeSpans)) {
      if (!isObject(scopeSpans)) continue;
      const rawScope = isObject(scopeSpans.scope) ? scopeSpans.scope : {};
      const scope = {
        ...(typeof rawScope.name === "string" && rawScope.name ? { name: cut(rawScope.name, LIMITS.name) } : {}),
        ...(typeof rawScope.version === "string" && rawScope.version ? { version: cut(rawScope.version, LIMITS.name) } : {}),
      };
      for (const raw of list(scopeSpans.spans)) {
        if (!isObject(raw)) {
          reject("a span is not an object");
          continue;
        }
        const traceId = decodeId(raw.traceId, encoding);
        const spanId = decodeId(raw.spanId, encoding);
        if (!HEX_TRACE_ID.test(traceId) || ZERO.test(traceId)) {
          reject(`invalid traceId ${JSON.stringify(String(raw.traceId ?? "")).slice(0, 48)}`);
          continue;
        }
        if (!HEX_SPAN_ID.test(spanId) || ZERO.test(spanId)) {
          reject(`invalid spanId ${JSON.stringify(String(raw.spanId ?? "")).slice(0, 40)} in trace ${traceId}`);
          continue;
        }
        let parentSpanId: string | null = decodeId(raw.parentSpanId, encoding) || null;
        if (parentSpanId !== null && (!HEX_SPAN_ID.test(parentSpanId) || ZERO.test(parentSpanId))) {
          reject(`invalid parentSpanId on span ${spanId}`);
          continue;
        }
        if (parentSpanId === spanId) parentSpanId = null;
        const startNs = parseUint64(raw.startTimeUnixNano);
        if (startNs === null || startNs === 0n) {
          reject(`span ${spanId} has no valid startTimeUnixNano`);
          continue;
        }
        if (startNs < oldest || startNs > newest) {
          reject(`span ${spanId} starts outside the retention window`);
          continue;
        }
        const key = `${traceId}/${spanId}`;
        if (seen.has(key)) {
          reject(`duplicate span ${spanId} in trace ${traceId}`);
          continue;
        }
        seen.add(key);

        const spanAttributes = attributes(raw.attributes, encoding);
        const endNs = parseUint64(raw.endTimeUnixNano);
        if (endNs === null || endNs < startNs) spanAttributes.values["opsdeck.repaired"] = "end_before_start";
        const rawEvents = list(raw.events);
        const rawLinks = list(raw.links);
        const dropped =
          spanAttributes.dropped + Math.max(0, rawEvents.length - LIMITS.events) + Math.max(0, rawLinks.length - LIMITS.links);
        if (dropped > 0) spanAttributes.values["opsdeck.dropped"] = dropped;
        const status = isObject(raw.status) ? raw.status : {};

        result.spans.push({
          traceId,
          spanId,
          parentSpanId,
          name: cut(typeof raw.name === "string" && raw.name ? raw.name : "(unnamed)", LIMITS.name),
          service: cut(service, LIMITS.name),
          kind: enumValue(raw.kind, 5),
          startNs,
          durationNs: endNs !== null && endNs >= startNs ? endNs - startNs : 0n,
          statusCode: enumValue(status.code, 2),
          statusMessage: typeof status.message === "string" && status.message ? cut(status.message, LIMITS.stringValue) : null,
          attributes: spanAttributes.values,
          events: rawEvents.slice(0, LIMITS.events).flatMap((event): SpanEvent[] =>
            isObject(event)
              ? [
                  {
                    name: cut(typeof event.name === "string" ? event.name : "", LIMITS.name),
                    timeNs: String(parseUint64(event.timeUnixNano) ?? startNs),
                    attributes: attributes(event.attributes, encoding).values,
                  },
                ]
              : [],
          ),
          links: rawLinks.slice(0, LIMITS.links).flatMap((link): SpanLink[] => {
            if (!isObject(link)) return [];
            const linkTrace = decodeId(link.traceId, encoding);
            const linkSpan = decodeId(link.spanId, encoding);
            return HEX_TRACE_ID.test(linkTrace) && HEX_SPAN_ID.test(linkSpan)
              ? [{ traceId: linkTrace, spanId: linkSpan, attributes: attributes(link.attributes, encoding).values }]
              : [];
          }),
          resource,
          scope,
        });
      }
    }
  }
  return result;
}
