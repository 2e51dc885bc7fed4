import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { WrappedRoute } from "@/lib/api/route";

/**
 * Serves wrapped routes from Node's own HTTP server, outside Next.js: every route in the test
 * instances (scripts/test/route-server.ts), which need no Next.js build. The handler is the very
 * one Next.js serves, so the wrapper still does auth, limits, validation and errors. Production
 * runs Next.js's own server (scripts/launcher.ts) and the flag edge (lib/edge/) instead.
 */
export interface DirectRoute {
  handler: WrappedRoute;
  /** The endpoint's path as a pattern: `{key}` matches one path segment. */
  pattern: RegExp;
  paramNames: string[];
}

export function directRoute(handler: WrappedRoute): DirectRoute {
  const paramNames: string[] = [];
  const source = handler.endpoint.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
    paramNames.push(name);
    return "([^/]+)";
  });
  return { handler, pattern: new RegExp(`^${source}$`), paramNames };
}

/** The route and its path parameters for this method and path, when it is one of `routes`. */
export function matchDirectRoute(routes: DirectRoute[], method: string, pathname: string) {
  for (const candidate of routes) {
    if (candidate.handler.endpoint.method !== method) continue;
    const match = candidate.pattern.exec(pathname);
    if (!match) continue;
    try {
      const params = Object.fromEntries(candidate.paramNames.map((name, index) => [name, decodeURIComponent(match[index + 1] as string)]));
      return { route: candidate.handler, params };
    } catch {
      return undefined; // a malformed escape: left to Next.js, which answers it
    }
  }
  return undefined;
}

/** Calls the route with a web Request made from Node's and writes its answer to the socket. */
export async function serveRoute(
  route: WrappedRoute,
  params: Record<string, string>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  origin: string,
): Promise<void> {
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
  }
  const init: RequestInit & { duplex?: "half" } = { method: incoming.method, headers };
  if (incoming.method !== "GET" && incoming.method !== "HEAD") {
    // The body stays a stream, as Next.js hands it over: the route reads it under its own limits.
    init.body = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  if (route.endpoint.responseContentType === "text/event-stream") {
    // A stream ends when its client goes away (other answers are not worth an AbortSignal each).
    const abort = new AbortController();
    outgoing.once("close", () => abort.abort());
    init.signal = abort.signal;
  }
  const { status, headers: answerHeaders, body } = await route.answer(new Request(new URL(incoming.url ?? "/", origin), init), {
    params: Promise.resolve(params),
  });
  const head = Object.fromEntries(answerHeaders);
  if (body === null || typeof body === "string") {
    const bytes = body === null ? undefined : Buffer.from(body);
    outgoing.writeHead(status, bytes ? { ...head, "Content-Length": bytes.byteLength } : head);
    return void outgoing.end(bytes);
  }
  outgoing.writeHead(status, head);
  outgoing.flushHeaders();
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) outgoing.write(chunk);
  outgoing.end();
}

/** What a request answers when the bridge itself fails (the wrapper answers every route error). */
export function failedRoute(outgoing: ServerResponse): void {
  if (outgoing.headersSent) return void outgoing.end();
  outgoing.writeHead(500, { "Content-Type": "application/json" });
  outgoing.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side" } }));
}
