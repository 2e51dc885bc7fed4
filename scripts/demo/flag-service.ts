import { AsyncLocalStorage } from "node:async_hooks";
import { type Context, context, type ContextManager, ROOT_CONTEXT, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { SpanEventHook } from "@openfeature/open-telemetry-hooks";
import { OpenFeature } from "@openfeature/server-sdk";

/**
 * A service as it would take part in a guarded rollout, built only from public parts: it
 * evaluates flags through the OpenFeature server SDK with the OFREP provider against Opsdeck, the
 * OpenFeature SpanEventHook records each evaluation on the request's span, and the OpenTelemetry
 * SDK exports the spans to Opsdeck's /v1/traces. The demo's rollout simulator and the rollouts
 * integration test drive it.
 */

/** The active-context store the OpenTelemetry API needs so that a hook can find the request's span. */
class AsyncLocalContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

// OpenTelemetry's context manager is process-global: set once, however many demo services start.
let contextManagerSet = false;

export interface FlagServiceOptions {
  opsdeckUrl: string;
  /** An operator token: OFREP needs a viewer, the trace receiver an operator. */
  token: string;
  service: string;
}

export interface ServiceRequest {
  flag: string;
  userId: string;
  /** The request's start, ms since the epoch (a test's virtual clock may set it). */
  atMs?: number;
  /** Whether this request fails, given the flag's answer. */
  fails: (enabled: boolean) => boolean;
  durationMs: (enabled: boolean) => number;
}

export async function startFlagService(options: FlagServiceOptions) {
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalContextManager());
    contextManagerSet = true;
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.service }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.opsdeckUrl}/v1/traces`, headers: { Authorization: `Bearer ${options.token}` } }), {
        maxQueueSize: 100_000,
        maxExportBatchSize: 1_000,
        scheduledDelayMillis: 500,
      }),
    ],
  });
  const tracer = provider.getTracer(options.service);
  await OpenFeature.setProviderAndWait(options.service, new OFREPProvider({ baseUrl: options.opsdeckUrl, headers: [["Authorization", `Bearer ${options.token}`]] }));
  const client = OpenFeature.getClient(options.service);
  client.addHooks(new SpanEventHook());

  /** Serves one request: evaluates the flag inside the request's span, which carries the outcome. */
  const request = (input: ServiceRequest): Promise<boolean> => {
    const startTime = input.atMs ?? Date.now();
    return tracer.startActiveSpan("POST /checkout", { kind: SpanKind.SERVER, startTime }, async (span) => {
      const enabled = await client.getBooleanValue(input.flag, false, { targetingKey: input.userId });
      if (input.fails(enabled)) span.setStatus({ code: SpanStatusCode.ERROR, message: "checkout failed" });
      span.end(startTime + input.durationMs(enabled));
      return enabled;
    });
  };
  return {
    request,
    flush: () => provider.forceFlush(),
    close: async () => {
      await provider.shutdown();
      await OpenFeature.clearProviders();
    },
  };
}

export type FlagService = Awaited<ReturnType<typeof startFlagService>>;
