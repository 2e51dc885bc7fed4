import { type ChildProcess, execFileSync, spawn, type SpawnOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

/**
 * What the flag HTTP benches share: starting a server under test (pinned to CPU 1 with
 * BENCH_PIN=1, the load generator then runs on CPU 0), reading its RSS and CPU time, and one
 * autocannon row per target and connection count, collected for the closing table.
 */
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
export const pinned = process.env.BENCH_PIN === "1";
if (pinned) execFileSync("taskset", ["-cp", "0", String(process.pid)], { stdio: "ignore" });

export function startServer(args: string[], options: SpawnOptions): ChildProcess {
  const [command, ...rest] = pinned ? ["taskset", "-c", "1", process.execPath, ...args] : [process.execPath, ...args];
  return spawn(command as string, rest, options);
}

const SECRETS = { AUTH_SECRET: randomBytes(32).toString("hex"), OPSDECK_DEV_LOGIN: "false", LOG_LEVEL: "warn", NODE_ENV: "production" as const };

/** A process of this checkout's build (dist/launcher.js, dist/flag-edge.js…) in production mode, on the bench's database. */
export function startBuilt(args: string[], databaseUrl: string, env: Record<string, string>): ChildProcess {
  return startServer(args, { env: { ...process.env, ...SECRETS, DATABASE_URL: databaseUrl, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

/** Waits until the child answers on `url`; stops it if it does not, or if what answers is another process (the port was taken). */
async function started(child: ChildProcess, url: string): Promise<ChildProcess> {
  try {
    await untilAnswers(url);
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${url} answers, but not from the process started for it (it exited: is the port taken?)`);
    return child;
  } catch (error) {
    await stopServer(child);
    throw error;
  }
}

/** The web app (Next.js standalone, dist/launcher.js) on `port`, answering once this resolves. */
export function startWebApp(databaseUrl: string, port: number): Promise<ChildProcess> {
  return started(startBuilt(["dist/launcher.js"], databaseUrl, { PORT: String(port) }), `http://127.0.0.1:${port}/api/health/live`);
}

/** A flag edge (dist/flag-edge.js) on `port` following the web app at `upstream`, ready (it holds the flag set) once this resolves. */
export function startEdge(databaseUrl: string, port: number, upstream: string, token: string, nodeArgs: string[] = []): Promise<ChildProcess> {
  const edge = startBuilt([...nodeArgs, "dist/flag-edge.js"], databaseUrl, { FLAG_EDGE_PORT: String(port), FLAG_EDGE_UPSTREAM_URL: upstream, FLAG_EDGE_TOKEN: token });
  return started(edge, `http://127.0.0.1:${port}/health/ready`);
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Waits (up to two minutes) until `url` answers 2xx. */
export async function untilAnswers(url: string): Promise<void> {
  for (let attempt = 0; attempt < 480; attempt++) {
    if (await fetch(url).then((r) => r.ok).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer`);
}

export function rssMiB(pid: number): number {
  return Math.round(Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024);
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** User + system CPU seconds the process has used (/proc/<pid>/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export interface Target {
  label: string;
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

export interface Row {
  label: string;
  connections: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers per CPU-second of the server under test: the figure least moved by a shared machine. */
  perCpuSecond: number;
  rssMiB: number;
}

export const rows: Row[] = [];

/**
 * A 2 s warm-up, then DURATION_S at 10 and at 50 connections. Only 2xx answers count as served:
 * a fast 429 or error is not an evaluation.
 */
export async function measureTarget(target: Target, pid: number): Promise<void> {
  const options = { url: target.url, method: target.method, body: target.body, headers: target.headers };
  await autocannon({ ...options, connections: 10, duration: 2 });
  for (const connections of [10, 50]) {
    const cpuBefore = cpuSeconds(pid);
    const loadBefore = process.cpuUsage();
    const result = await autocannon({ ...options, connections, duration: DURATION_S });
    const cpu = cpuSeconds(pid) - cpuBefore;
    const { user, system } = process.cpuUsage(loadBefore);
    const loadCores = (user + system) / 1e6 / result.duration;
    const row: Row = {
      label: target.label,
      connections,
      perSecond: Math.round(result["2xx"] / result.duration),
      p50: result.latency.p50,
      p99: result.latency.p99,
      perCpuSecond: cpu > 0 ? Math.round(result["2xx"] / cpu) : 0,
      rssMiB: rssMiB(pid),
    };
    rows.push(row);
    const others = Object.entries(result.statusCodeStats)
      .filter(([status]) => !status.startsWith("2"))
      .map(([status, { count }]) => `${status}×${count}`)
      .join(" ");
    console.log(
      `${row.label.padEnd(42)} ${String(connections).padStart(2)} conns: ${row.perSecond.toLocaleString("en").padStart(7)} 2xx/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.perCpuSecond.toLocaleString("en")} per server CPU-s (server ${(cpu / result.duration).toFixed(2)} cores, load generator ${loadCores.toFixed(2)}), RSS ${row.rssMiB} MiB, other answers: ${others || "none"}, errors ${result.errors}`,
    );
  }
}

/** The closing table (Markdown) and each edge route's ratio to each peer, at each connection count. */
export function printSummary(edgeLabels: string[], peerLabels: string[]): void {
  console.log("\n| target | conns | 2xx/s | p50 ms | p99 ms | per server CPU-s | RSS MiB |\n| --- | --: | --: | --: | --: | --: | --: |");
  for (const row of rows) {
    console.log(`| ${row.label} | ${row.connections} | ${row.perSecond.toLocaleString("en")} | ${row.p50} | ${row.p99} | ${row.perCpuSecond.toLocaleString("en")} | ${row.rssMiB} |`);
  }
  const find = (label: string, connections: number) => rows.find((row) => row.label === label && row.connections === connections);
  for (const edgeLabel of edgeLabels) {
    for (const peerLabel of peerLabels) {
      for (const connections of [10, 50]) {
        const edge = find(edgeLabel, connections);
        const peer = find(peerLabel, connections);
        if (!edge || !peer || peer.perSecond === 0) continue;
        const perCpu = peer.perCpuSecond ? `, ${(edge.perCpuSecond / peer.perCpuSecond).toFixed(1)}× per CPU-s` : "";
        console.log(`${edgeLabel} ÷ ${peerLabel}, ${connections} conns: ${(edge.perSecond / peer.perSecond).toFixed(1)}× 2xx/s${perCpu}`);
      }
    }
  }
}
