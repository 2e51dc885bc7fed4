import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

/** Stops a test's helper process (Prometheus, haproxy) with SIGTERM and removes its scratch folder once it has exited. */
export function stopAndClean(child: ChildProcess, dir: string): Promise<void> {
  return new Promise<void>((done) => {
    child.once("exit", () => {
      rmSync(dir, { recursive: true, force: true });
      done();
    });
    child.kill("SIGTERM");
  });
}
