import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stopAndClean } from "./child-process";

/** The port of the test's Prometheus (Debian's `prometheus` package); TEST_PROMETHEUS_PORT overrides it. */
const PORT = Number(process.env.TEST_PROMETHEUS_PORT ?? 3440);

export interface TestPrometheus {
  url: string;
  /** One instant query through Prometheus's HTTP API: the samples' labels and values. */
  query(expression: string): Promise<Array<{ labels: Record<string, string>; value: number }>>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus scraping Opsdeck's /api/metrics every second with a bearer token, as an
 * operator's scrape config would, with its own data folder, removed on stop.
 */
export async function startPrometheus(options: { target: string; token: string }): Promise<TestPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-prometheus-"));
  const target = new URL(options.target).host;
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    [
      "global: { scrape_interval: 1s, scrape_timeout: 1s }",
      "scrape_configs:",
      "  - job_name: opsdeck",
      "    metrics_path: /api/metrics",
      `    authorization: { type: Bearer, credentials: "${options.token}" }`,
      `    static_configs: [{ targets: ["${target}"] }]`,
      "",
    ].join("\n"),
  );
  const child = spawn(
    "prometheus",
    [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${PORT}`, "--log.level=error"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const url = `http://127.0.0.1:${PORT}`;
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${url}/-/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    if (attempt > 100 || child.exitCode !== null) throw new Error(`prometheus did not start on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      if (body.status !== "success") throw new Error(`query ${expression} failed: ${JSON.stringify(body)}`);
      return body.data.result.map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
    },
    stop: () => stopAndClean(child, dir),
  };
}
