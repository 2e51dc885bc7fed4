import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FLAG_EDGE_PATH_PREFIX, FLAG_EDGE_PATHS } from "@/lib/edge/server";
import { stopAndClean } from "./child-process";

/** The port haproxy (Debian's package) listens on in the tests; TEST_HAPROXY_PORT overrides it. */
const PORT = Number(process.env.TEST_HAPROXY_PORT ?? 3441);

export interface TestBalancer {
  url: string;
  stop(): Promise<void>;
}

/**
 * haproxy in front of Opsdeck instances, round robin, health-checking each on its live probe as a
 * load balancer in production would. Every answer says which server gave it (`X-Served-By`).
 * With `edges`, the flag-evaluation paths go to them instead (README, "Running several instances"):
 * services keep calling Opsdeck's one public URL and are answered by an edge.
 */
export async function startHaproxy(servers: Record<string, string>, edges: Record<string, string> = {}): Promise<TestBalancer> {
  const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-haproxy-"));
  const config = path.join(dir, "haproxy.cfg");
  writeFileSync(
    config,
    [
      "defaults",
      "  mode http",
      "  timeout connect 2s",
      "  timeout client 30s",
      "  timeout server 30s",
      "frontend opsdeck",
      `  bind 127.0.0.1:${PORT}`,
      "  http-response set-header X-Served-By %s",
      // Opsdeck does not gzip in Node (README, "Memory"): the balancer does, as in production.
      "  compression algo gzip",
      "  compression type text/html text/plain text/css application/javascript application/json text/x-component",
      ...(Object.keys(edges).length > 0
        ? [`  acl flag_evaluation path ${FLAG_EDGE_PATHS.join(" ")}`, `  acl flag_evaluation path_beg ${FLAG_EDGE_PATH_PREFIX}`, "  use_backend edges if flag_evaluation"]
        : []),
      "  default_backend instances",
      "backend instances",
      "  balance roundrobin",
      "  option httpchk GET /api/health/live",
      "  http-check expect status 200",
      ...Object.entries(servers).map(([name, url]) => `  server ${name} ${new URL(url).host} check inter 500ms`),
      ...(Object.keys(edges).length > 0
        ? ["backend edges", "  balance roundrobin", "  option httpchk GET /health/ready", "  http-check expect status 200", ...Object.entries(edges).map(([name, url]) => `  server ${name} ${new URL(url).host} check inter 500ms`)]
        : []),
      "",
    ].join("\n"),
  );
  const child = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${PORT}`;
  const seen = new Set<string>();
  const probes = [...Object.keys(servers).map(() => "/api/health/live"), ...Object.keys(edges).map(() => FLAG_EDGE_PATHS[0])];
  for (let attempt = 0; seen.size < probes.length; attempt++) {
    if (attempt > 100 || child.exitCode !== null) throw new Error(`haproxy did not balance ${[...Object.keys(servers), ...Object.keys(edges)].join(", ")} on ${url}`);
    const servedBy = await fetch(`${url}${probes[attempt % probes.length]}`).then((response) => response.headers.get("x-served-by"), () => null);
    if (servedBy) seen.add(servedBy);
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: () => stopAndClean(child, dir),
  };
}
