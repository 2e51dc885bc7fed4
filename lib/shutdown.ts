import { processSingleton } from "@/lib/process-singleton";

/**
 * What a process lets go of on SIGTERM, in order: long-lived streams are ended first (their
 * clients reconnect elsewhere), then buffers are flushed (metric points), then connections are
 * closed (Redis, the database pool), which the flushes still needed. Modules register when they
 * create the thing to release; lib/graceful-shutdown.ts runs them around the drain of requests.
 */
export const SHUTDOWN_PHASES = ["streams", "timers", "buffers", "connections"] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];
type Hook = () => unknown;

const hooks = () => processSingleton("shutdownHooks", () => new Map<ShutdownPhase, Map<string, Hook>>(SHUTDOWN_PHASES.map((phase) => [phase, new Map()])));

/** Registers (or replaces, by name) a release step; returns the function that removes it. */
export function onShutdown(phase: ShutdownPhase, name: string, hook: Hook): () => void {
  const phaseHooks = hooks().get(phase) as Map<string, Hook>;
  phaseHooks.set(name, hook);
  return () => {
    if (phaseHooks.get(name) === hook) phaseHooks.delete(name);
  };
}

/** Runs the steps registered for these phases, in order; a failing step is reported and the rest still run. */
export async function runShutdownHooks(phases: readonly ShutdownPhase[], report: (name: string, error: unknown) => void): Promise<string[]> {
  const ran: string[] = [];
  for (const phase of SHUTDOWN_PHASES.filter((candidate) => phases.includes(candidate))) {
    const phaseHooks = hooks().get(phase) as Map<string, Hook>;
    const current = [...phaseHooks];
    phaseHooks.clear();
    await Promise.all(
      current.map(async ([name, hook]) => {
        try {
          await hook();
          ran.push(name);
        } catch (error) {
          report(name, error);
        }
      }),
    );
  }
  return ran;
}
