/**
 * A second (third…) Opsdeck instance without a Next.js build: serves every route handler in app/
 * over plain node:http, in its own process with its own environment. The propagation test and
 * bench start two of these against one database and one Redis, as two deployed instances would be.
 * Prints `listening <port>` once ready; ROUTE_SERVER_PORT (default 0: a free port) sets the port.
 */
import { createServer } from "node:http";
import { directRoute, failedRoute, matchDirectRoute, serveRoute } from "@/lib/api/node-bridge";
import { unknownApiPath } from "@/lib/api/unmatched";
import { spaceOutHeapMarking } from "@/lib/heap-growth";
import { servedRoutes } from "./routes";

// As the production start (scripts/launcher.ts) tunes it: the benches measure this process as deployed.
spaceOutHeapMarking();

// Static paths first, so /api/flags/stream wins over a dynamic sibling.
const routes = (await servedRoutes())
  .filter(({ handler }) => handler.endpoint)
  .map(({ handler }) => directRoute(handler))
  .sort((a, b) => a.paramNames.length - b.paramNames.length);

const server = createServer(async (incoming, outgoing) => {
  try {
    const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`);
    const match = matchDirectRoute(routes, (incoming.method ?? "GET").toUpperCase(), url.pathname);
    if (!match) {
      const answer = unknownApiPath(new Request(url, { method: incoming.method }));
      return void outgoing.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
    }
    await serveRoute(match.route, match.params, incoming, outgoing, url.origin);
  } catch {
    failedRoute(outgoing);
  }
});

server.listen(Number(process.env.ROUTE_SERVER_PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
process.on("SIGTERM", () => process.exit(0));
