/**
 * A second (third…) Opsdeck instance without a Next.js build: serves every route handler in app/
 * over plain node:http, in its own process with its own environment. The propagation test and
 * bench start two of these against one database and one Redis, as two deployed instances would be.
 * Prints `listening <port>` once ready; ROUTE_SERVER_PORT (default 0: a free port) sets the port.
 */
import { createServer } from "node:http";
import { readdirSync } from "node:fs";
import path from "node:path";
import { failedRoute, serveRoute } from "@/lib/api/node-bridge";
import type { WrappedRoute } from "@/lib/api/route";

interface RouteFile {
  pattern: RegExp;
  names: string[];
  file: string;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function compile(file: string): RouteFile {
  const names: string[] = [];
  const segments = path
    .dirname(path.relative("app", file))
    .split(path.sep)
    .filter((segment) => segment !== "." && !/^\(.*\)$/.test(segment))
    .map((segment) => {
      const dynamic = segment.match(/^\[(.+)\]$/);
      if (!dynamic) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(dynamic[1] as string);
      return "([^/]+)";
    });
  return { pattern: new RegExp(`^/${segments.join("/")}$`), names, file };
}

// Static segments first, so /api/flags/stream wins over a dynamic sibling.
const routes = routeFiles("app")
  .map(compile)
  .sort((a, b) => a.names.length - b.names.length);

const server = createServer(async (incoming, outgoing) => {
  try {
    const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`);
    const match = routes.map((r) => ({ r, m: url.pathname.match(r.pattern) })).find((candidate) => candidate.m);
    const method = (incoming.method ?? "GET").toUpperCase();
    const module = match ? ((await import(path.resolve(match.r.file))) as Record<string, WrappedRoute | undefined>) : undefined;
    const handler = module?.[method];
    if (!match || !handler) {
      outgoing.writeHead(404).end();
      return;
    }
    const params = Object.fromEntries(match.r.names.map((name, i) => [name, decodeURIComponent(match.m?.[i + 1] ?? "")]));
    await serveRoute(handler, params, incoming, outgoing, url.origin);
  } catch {
    failedRoute(outgoing);
  }
});

server.listen(Number(process.env.ROUTE_SERVER_PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
process.on("SIGTERM", () => process.exit(0));
