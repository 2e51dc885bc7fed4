import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface Instance {
  url: string;
  /** The instance's process, for benches that read its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts scripts/test/route-server.ts in its own process with the given environment. Its log
 * lines go to `onLogLine` when given, else to this process's stderr.
 */
export function startInstance(env: Record<string, string | undefined>, onLogLine?: (line: string) => void): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/test/route-server.ts"], {
    env: { ...process.env, LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once("exit", (code) => reject(new Error(`instance exited with ${code}`)));
    lines.on("line", (line) => {
      const port = line.match(/^listening (\d+)$/)?.[1];
      if (!port) {
        if (onLogLine) onLogLine(line);
        else process.stderr.write(`${line}\n`);
        return;
      }
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid as number,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners("exit");
            // An instance that already exited (crashed) has nothing left to stop.
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
