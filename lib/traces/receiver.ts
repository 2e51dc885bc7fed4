import { gunzipSync } from "node:zlib";
import otlpRoot from "@opentelemetry/otlp-transformer/build/src/generated/root";
import protobuf from "protobufjs/minimal";
import { checkJsonShape, type JsonLimits, readBodyBytes } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { getConfig } from "@/lib/config";
import { prometheus } from "@/lib/observability/prometheus";
import { MalformedExportError, normalizeExport, type IdEncoding } from "@/lib/traces/otlp";
import { storeSpans } from "@/lib/traces/store";
import { processSingleton } from "@/lib/process-singleton";

/**
 * The OTLP/HTTP trace receiver (POST /v1/traces), answering in OTLP's own shapes: an
 * ExportTraceServiceResponse on success (with partialSuccess when spans were rejected) and a
 * google.rpc.Status on failure, each in the request's encoding (JSON or protobuf).
 */

/** The part of protobufjs's generated message API used here (the package ships no typings for its generated root). */
interface MessageType {
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: object): Record<string, unknown>;
  fromObject(object: object): object;
  encode(message: object): { finish(): Uint8Array };
}
type TraceService = Record<"ExportTraceServiceRequest" | "ExportTraceServiceResponse", MessageType>;
const { ExportTraceServiceRequest, ExportTraceServiceResponse } = (
  otlpRoot as unknown as { opentelemetry: { proto: { collector: { trace: { v1: TraceService } } } } }
).opentelemetry.proto.collector.trace.v1;

export const OTLP_CONTENT_TYPES = ["application/json", "application/x-protobuf"] as const;
type Encoding = "json" | "protobuf";

const NANOS_PER_DAY = 86_400n * 1_000_000_000n;

const ingest = processSingleton("traceIngest", () => ({ inFlight: 0 }));

/** google.rpc.Status { int32 code = 1; string message = 2; }, encoded with protobufjs's writer. */
function encodeStatus(code: number, message: string): Uint8Array {
  return protobuf.Writer.create().uint32(8).int32(code).uint32(18).string(message).finish();
}

// gRPC codes OTLP maps its HTTP answers to.
const GRPC_CODE: Record<number, number> = { 400: 3, 413: 3, 415: 3, 429: 8, 503: 14 };

function statusResponse(encoding: Encoding, status: number, message: string, retryAfterSeconds?: number): Response {
  const code = GRPC_CODE[status] ?? 2;
  const headers: Record<string, string> = {
    "Content-Type": encoding === "json" ? "application/json" : "application/x-protobuf",
  };
  if (retryAfterSeconds !== undefined) headers["Retry-After"] = String(retryAfterSeconds);
  const body = encoding === "json" ? JSON.stringify({ code, message }) : encodeStatus(code, message);
  return new Response(body as BodyInit, { status, headers });
}

class BodyTooLarge extends Error {}

/** Reads at most `limit` bytes of the body (counted while it streams), undoing gzip, without ever holding more than that. */
async function readBody(req: Request, gzip: boolean, limit: number): Promise<Uint8Array> {
  let raw: Uint8Array;
  try {
    raw = await readBodyBytes(req, limit);
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) throw new BodyTooLarge();
    throw error;
  }
  if (!gzip) return raw;
  try {
    return gunzipSync(raw, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) throw new BodyTooLarge();
    throw new MalformedExportError("The body is not valid gzip");
  }
}

function decode(bytes: Uint8Array, encoding: Encoding, limits: JsonLimits): { request: unknown; ids: IdEncoding } {
  if (encoding === "json") {
    const text = new TextDecoder().decode(bytes);
    try {
      checkJsonShape(text, limits);
    } catch (error) {
      // Too deep or too long an array: refused before JSON.parse builds any of it.
      if (error instanceof ApiError && error.status === 413) throw new BodyTooLarge(error.message);
      throw new MalformedExportError((error as Error).message);
    }
    try {
      return { request: JSON.parse(text), ids: "hex" };
    } catch (error) {
      throw new MalformedExportError(`The body is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    const message = ExportTraceServiceRequest.decode(bytes);
    return {
      request: ExportTraceServiceRequest.toObject(message, { longs: String, enums: Number, bytes: String }),
      ids: "base64",
    };
  } catch (error) {
    throw new MalformedExportError(`The body is not a protobuf ExportTraceServiceRequest: ${(error as Error).message}`);
  }
}

const partialSuccessOf = (rejected: number, errors: string[]) => (rejected > 0 ? { rejectedSpans: rejected, errorMessage: errors.join("; ") } : undefined);

/** The protobuf ExportTraceServiceResponse, with partialSuccess when spans were rejected. */
function encodeExportResponse(rejected: number, errors: string[]): Uint8Array {
  const partialSuccess = partialSuccessOf(rejected, errors);
  return ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject(partialSuccess ? { partialSuccess } : {})).finish();
}

function successResponse(encoding: Encoding, rejected: number, errors: string[]): Response {
  if (encoding === "json") {
    const partialSuccess = partialSuccessOf(rejected, errors);
    const body = partialSuccess ? { partialSuccess: { ...partialSuccess, rejectedSpans: String(rejected) } } : {};
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }
  return new Response(encodeExportResponse(rejected, errors) as BodyInit, { status: 200, headers: { "Content-Type": "application/x-protobuf" } });
}

/** More exports are being stored at once than TRACES_INGEST_CONCURRENCY allows: HTTP answers 503, gRPC UNAVAILABLE. */
export class ReceiverBusyError extends Error {
  override name = "ReceiverBusyError";
  constructor() {
    super("The receiver is busy; retry after the delay given");
  }
}

/** Runs one export's decoding and storing in one of the instance's ingest slots, or refuses at once when none is free. */
async function inIngestSlot<T>(work: () => Promise<T>): Promise<T> {
  const inFlight = ingest.inFlight;
  if (inFlight >= getConfig().TRACES_INGEST_CONCURRENCY) throw new ReceiverBusyError();
  ingest.inFlight = inFlight + 1;
  prometheus.traceIngestInFlight.set(ingest.inFlight);
  try {
    return await work();
  } finally {
    ingest.inFlight -= 1;
    prometheus.traceIngestInFlight.set(ingest.inFlight);
  }
}

/** Decodes, normalizes and stores one export; throws MalformedExportError or BodyTooLarge for bad input, and storage errors as they come. */
async function storeExport(bytes: Uint8Array, encoding: Encoding, now: number): Promise<{ rejected: number; errors: string[] }> {
  const config = getConfig();
  const { request, ids } = decode(bytes, encoding, { maxDepth: config.JSON_MAX_DEPTH, maxArrayItems: config.TRACES_JSON_MAX_ARRAY_ITEMS });
  const normalized = normalizeExport(request, {
    encoding: ids,
    nowNs: BigInt(now) * 1_000_000n,
    retentionNs: BigInt(config.TRACES_RETENTION_DAYS) * NANOS_PER_DAY,
  });
  await storeSpans(normalized.spans);
  return { rejected: normalized.rejected, errors: normalized.errors };
}

/**
 * One protobuf ExportTraceServiceRequest that arrived by another transport (the gRPC receiver), through the same
 * ingest slots, rules and storage as /v1/traces. Answers the encoded ExportTraceServiceResponse (with
 * partialSuccess when spans were rejected); throws ReceiverBusyError, MalformedExportError, or the storage error.
 */
export async function receiveProtobufExport(bytes: Uint8Array, now = Date.now()): Promise<{ response: Uint8Array; rejected: number }> {
  const { rejected, errors } = await inIngestSlot(() => storeExport(bytes, "protobuf", now));
  return { response: encodeExportResponse(rejected, errors), rejected };
}

/** Handles one export request end to end; never throws for bad input. */
export async function receiveTraces(req: Request, now = Date.now()): Promise<Response> {
  const config = getConfig();
  const contentType = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  const encoding: Encoding = contentType === "application/x-protobuf" ? "protobuf" : "json";
  if (contentType !== "application/json" && contentType !== "application/x-protobuf") {
    return statusResponse("json", 415, "Send application/json or application/x-protobuf");
  }
  const contentEncoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (contentEncoding !== "gzip" && contentEncoding !== "identity") {
    return statusResponse(encoding, 415, "Content-Encoding must be gzip or identity");
  }
  try {
    return await inIngestSlot(async () => {
      const bytes = await readBody(req, contentEncoding === "gzip", config.TRACES_BODY_LIMIT_BYTES);
      const { rejected, errors } = await storeExport(bytes, encoding, now);
      return successResponse(encoding, rejected, errors);
    });
  } catch (error) {
    if (error instanceof ReceiverBusyError) return statusResponse(encoding, 503, error.message, 1);
    if (error instanceof BodyTooLarge) {
      const reason = error.message || `The body exceeds ${config.TRACES_BODY_LIMIT_BYTES} bytes (after gzip)`;
      return statusResponse(encoding, 413, `${reason}; send smaller batches`);
    }
    if (error instanceof MalformedExportError) return statusResponse(encoding, 400, error.message);
    throw error;
  }
}
