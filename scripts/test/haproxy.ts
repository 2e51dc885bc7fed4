import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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
 */
export async function startHaproxy(servers: Record<string, string>): Promise<TestBalancer> {
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
      "  default_backend instances",
      "backend instances",
      "  balance roundrobin",
      "  option httpchk GET /api/health/live",
      "  http-check expect status 200",
      ...Object.entries(servers).map(([name, url]) => `  server ${name} ${new URL(url).host} check inter 500ms`),
      "",
    ].join("\n"),
  );
  const child = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${PORT}`;
  const seen = new Set<string>();
  for (let attempt = 0; seen.size < Object.keys(servers).length; attempt++) {
    if (attempt > 100 || child.exitCode !== null) throw new Error(`haproxy did not balance ${Object.keys(servers).join(", ")} on ${url}`);
    const servedBy = await fetch(`${url}/api/health/live`).then((response) => response.headers.get("x-served-by"), () => null);
    if (servedBy) seen.add(servedBy);
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: () => stopAndClean(child, dir),
  };
}
