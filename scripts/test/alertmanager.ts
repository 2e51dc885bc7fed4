import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A private Alertmanager (Debian's prometheus-alertmanager) with a generated config: one webhook
 * receiver pointing at Opsdeck's /api/webhooks/alertmanager with a bearer token, grouped by
 * alertname with second-long waits so tests see notifications quickly. Own temp storage, no cluster.
 */
export async function startAlertmanager(options: { port: number; webhookUrl: string; token: string }): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-alertmanager-"));
  const config = path.join(dir, "alertmanager.yml");
  writeFileSync(
    config,
    `route:
  receiver: opsdeck
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: opsdeck
    webhook_configs:
      - url: ${JSON.stringify(options.webhookUrl)}
        send_resolved: true
        http_config:
          authorization:
            credentials: ${JSON.stringify(options.token)}
`,
  );
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(
    "prometheus-alertmanager",
    [`--config.file=${config}`, `--storage.path=${dir}/data`, `--web.listen-address=127.0.0.1:${options.port}`, "--cluster.listen-address=", "--log.level=warn"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
