import dc from "node:diagnostics_channel";
import type { Server, ServerResponse } from "node:http";
import { runShutdownHooks } from "@/lib/shutdown";

/**
 * SIGTERM for a process that serves HTTP (the web app under its launcher, the flag edge): stop
 * accepting connections, end long-lived streams, let the requests in flight finish (bounded),
 * then flush buffers and close connections (lib/shutdown.ts's hooks), and exit 0. It watches the
 * process's HTTP servers through Node's diagnostics channels, so it needs no handle on a server
 * someone else created (Next.js's standalone server).
 *
 * A request that arrives on an open keep-alive connection during the drain is still answered,
 * with `Connection: close`; a new connection is refused because nothing listens any more.
 */
export interface ShutdownReport {
  /** Requests that were in flight when the drain began and finished. */
  completed: number;
  /** Requests still unfinished at the deadline, whose connections were then closed. */
  abandoned: number;
  hooks: string[];
}

export interface HttpShutdown {
  /** Requests being answered now. */
  inFlight(): number;
  shutdown(timeoutMs: number, report: (name: string, error: unknown) => void): Promise<ShutdownReport>;
}

export function watchHttpServers(): HttpShutdown {
  const servers = new Set<Server>();
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let completed = 0;
  let settled: (() => void) | undefined;

  dc.subscribe("tracing:net.server.listen:asyncEnd", (message) => {
    const { server } = message as { server: Server };
    if ("closeIdleConnections" in server) servers.add(server);
  });
  dc.subscribe("http.server.request.start", (message) => {
    const { response, server } = message as { response: ServerResponse; server: Server };
    servers.add(server);
    inFlight.add(response);
    if (draining && !response.headersSent) response.setHeader("Connection", "close");
    response.once("close", () => {
      inFlight.delete(response);
      if (draining) completed++;
      if (draining && inFlight.size === 0) settled?.();
    });
  });

  return {
    inFlight: () => inFlight.size,
    async shutdown(timeoutMs, report) {
      draining = true;
      completed = 0;
      for (const server of servers) server.close();
      // Answers not yet started close their connection once sent; idle connections go now and as they become idle.
      for (const response of inFlight) if (!response.headersSent) response.setHeader("Connection", "close");
      const closeIdle = () => {
        for (const server of servers) server.closeIdleConnections();
      };
      closeIdle();
      const sweeper = setInterval(closeIdle, 100);
      // Streams first: an event stream never finishes by itself, and its client reconnects elsewhere.
      const hooks = await runShutdownHooks(["streams"], report);
      await new Promise<void>((resolve) => {
        if (inFlight.size === 0) return resolve();
        settled = resolve;
        setTimeout(resolve, timeoutMs).unref();
      });
      clearInterval(sweeper);
      const abandoned = inFlight.size;
      for (const server of servers) server.closeAllConnections();
      hooks.push(...(await runShutdownHooks(["timers", "buffers", "connections"], report)));
      return { completed, abandoned, hooks };
    },
  };
}
