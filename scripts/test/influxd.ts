import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { privateServer } from "./private-server";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private InfluxDB 1.x (Debian's influxd) on free ports with its own temporary data directory,
 * for tests that stop and restart it. The shared instance on 8086 is never touched.
 */
export async function startPrivateInfluxd(): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void>; destroy(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-influxd-"));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const config = path.join(dir, "influxdb.conf");
  writeFileSync(
    config,
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
`,
  );
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | null = null;

  async function start() {
    child = spawn("influxd", ["-config", config], { stdio: "ignore" });
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null) throw new Error(`influxd exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/ping`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("influxd did not start within 10 s");
  }

  async function stop() {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    running.kill("SIGTERM");
    await new Promise((resolve) => running.once("exit", resolve));
  }

  await start();
  return privateServer({ url, start, stop }, dir);
}
