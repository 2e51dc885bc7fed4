import { Metadata, Server, ServerCredentials, status, type ServerErrorResponse, type ServerUnaryCall, type sendUnaryData } from "@grpc/grpc-js";
import { ApiError, isDatabaseUnavailable } from "@/lib/api/errors";
import { credentialFrom } from "@/lib/auth/credential";
import { hasRole } from "@/lib/auth/roles";
import { principalForToken } from "@/lib/auth/tokens";
import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { processSingleton } from "@/lib/process-singleton";
import { limitApiRequest } from "@/lib/ratelimit";
import { onShutdown } from "@/lib/shutdown";
import { traceEndpoints } from "@/lib/traces/endpoints";
import { MalformedExportError } from "@/lib/traces/otlp";
import { receiveProtobufExport, ReceiverBusyError } from "@/lib/traces/receiver";

/**
 * OTLP over gRPC: `opentelemetry.proto.collector.trace.v1.TraceService/Export`, the transport
 * seed 004's SDK (and most SDKs by default) export with. It is the HTTP receiver behind another
 * door: the same operator token (`authorization: Bearer …` metadata), the same rate-limit bucket
 * as POST /v1/traces, the same size limit (TRACES_BODY_LIMIT_BYTES as gRPC's largest received
 * message, after grpc-encoding gzip is undone), the same ingest slots, normalization rules and
 * storage (lib/traces/receiver.ts). HTTP answers map to gRPC codes as OTLP specifies them:
 * 401 → UNAUTHENTICATED, 403 → PERMISSION_DENIED, 400 → INVALID_ARGUMENT, 413 and 429 →
 * RESOURCE_EXHAUSTED, 503 → UNAVAILABLE (which exporters retry).
 */

const EXPORT_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
const asIs = (bytes: Buffer) => bytes;

// Messages stay bytes through grpc-js: the receiver decodes them itself, so a bad one is INVALID_ARGUMENT with OTLP's wording.
const traceService = {
  export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: asIs,
    requestDeserialize: asIs,
    responseSerialize: asIs,
    responseDeserialize: asIs,
  },
} as const;

export type GrpcReceiverState =
  | { state: "disabled" }
  | { state: "starting"; address: string }
  | { state: "listening"; address: string }
  | { state: "failed"; address: string; error: string }
  | { state: "stopped" };

const receiverState = processSingleton("otlpGrpcReceiver", () => ({ current: { state: "disabled" } as GrpcReceiverState }));

/** What the instance's gRPC receiver is doing, for /api/health's tracing block. */
export const grpcReceiverState = (): GrpcReceiverState => receiverState.current;

const failure = (code: status, details: string): ServerErrorResponse => Object.assign(new Error(details), { code, details });

/** The principal an export's metadata names, or the gRPC error refusing it (same checks and role as the HTTP receiver). */
async function authorize(call: ServerUnaryCall<Buffer, Buffer>): Promise<ServerErrorResponse | null> {
  const header = call.metadata.get("authorization")[0];
  const credential = credentialFrom(typeof header === "string" ? header : header?.toString(), null);
  const principal = credential ? await principalForToken(credential) : null;
  if (!principal) return failure(status.UNAUTHENTICATED, credential ? "The API token is unknown, revoked or expired" : "Send an operator API token as `authorization: Bearer odk_…` metadata");
  const required = traceEndpoints.receive.access;
  if (required !== "public" && !hasRole(principal.role, required)) {
    return failure(status.PERMISSION_DENIED, `Exporting traces needs the ${required} role; this token has ${principal.role}`);
  }
  const decision = await limitApiRequest(traceEndpoints.receive, principal, call.getPeer());
  if (!decision.allowed) {
    const metadata = new Metadata();
    metadata.set("retry-after", String(decision.retryAfterSeconds));
    return Object.assign(failure(status.RESOURCE_EXHAUSTED, `Rate limit exceeded; retry after ${decision.retryAfterSeconds} s`), { metadata });
  }
  return null;
}

async function exportTraces(call: ServerUnaryCall<Buffer, Buffer>): Promise<{ error: ServerErrorResponse } | { response: Buffer }> {
  try {
    const refused = await authorize(call);
    if (refused) return { error: refused };
    const { response } = await receiveProtobufExport(call.request);
    return { response: Buffer.from(response) };
  } catch (error) {
    if (error instanceof MalformedExportError) return { error: failure(status.INVALID_ARGUMENT, error.message) };
    if (error instanceof ReceiverBusyError) return { error: failure(status.UNAVAILABLE, error.message) };
    // The rate limiter failing closed, or the token lookup's database away.
    if (error instanceof ApiError && error.status === 503) return { error: failure(status.UNAVAILABLE, error.message) };
    if (isDatabaseUnavailable(error)) return { error: failure(status.UNAVAILABLE, "The trace store is unreachable; try again shortly") };
    logger.error({ err: error }, "OTLP/gRPC export failed");
    return { error: failure(status.INTERNAL, "The export could not be stored") };
  }
}

export interface GrpcReceiver {
  /** The port bound (the configured one, or the one the system picked for 0). */
  port: number;
  /** Stops accepting exports, lets those in flight finish for at most `timeoutMs`, then closes. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Binds the receiver on host:port (0 for any free port). Rejects when the address cannot be bound. */
export async function startGrpcReceiver(host: string, port: number): Promise<GrpcReceiver> {
  const server = new Server({
    "grpc.max_receive_message_length": getConfig().TRACES_BODY_LIMIT_BYTES,
  });
  server.addService(traceService, {
    export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      void exportTraces(call).then((outcome) => ("error" in outcome ? callback(outcome.error) : callback(null, outcome.response)));
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host.includes(":") ? `[${host}]` : host}:${port}`, ServerCredentials.createInsecure(), (error, actual) => (error ? reject(error) : resolve(actual))),
  );
  return {
    port: bound,
    stop: (timeoutMs = 5_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, timeoutMs);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

/**
 * The web app's receiver (lib/background.ts): on OTLP_GRPC_HOST (else HOST) and OTLP_GRPC_PORT.
 * An address already taken (a second instance on one machine) is logged and shown in the health
 * block rather than stopping the web app, whose HTTP receiver still takes the same exports.
 * Stops with the streams on SIGTERM, before the database pool closes, letting exports in flight finish.
 */
export function startConfiguredGrpcReceiver(): void {
  const config = getConfig();
  if (!config.OTLP_GRPC_RECEIVER) return;
  const host = config.OTLP_GRPC_HOST ?? config.HOST;
  const address = `${host}:${config.OTLP_GRPC_PORT}`;
  receiverState.current = { state: "starting", address };
  startGrpcReceiver(host, config.OTLP_GRPC_PORT).then(
    (receiver) => {
      receiverState.current = { state: "listening", address: `${host}:${receiver.port}` };
      logger.info({ address: receiverState.current.address }, "OTLP/gRPC trace receiver listening");
      onShutdown("streams", "OTLP/gRPC receiver", async () => {
        await receiver.stop(config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
        receiverState.current = { state: "stopped" };
      });
    },
    (error: Error) => {
      receiverState.current = { state: "failed", address, error: error.message };
      logger.error({ err: error, address }, "OTLP/gRPC trace receiver could not listen; exporters can use OTLP/HTTP at /v1/traces");
    },
  );
}
