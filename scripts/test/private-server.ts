import { rmSync } from "node:fs";

/** A test's own server process: stopped and started at will, and destroyed with its data directory. */
export function privateServer<T extends { stop(): Promise<void> }>(server: T, dataDir: string): T & { destroy(): Promise<void> } {
  return {
    ...server,
    async destroy() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
