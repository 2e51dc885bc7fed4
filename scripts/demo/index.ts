import { systemActor } from "@/lib/audit";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { rateLimitDemo } from "./ratelimit";
import { flagsDemo } from "./flags";
import { traceDemo } from "./traces";
import { metricsDemo } from "./metrics";
import { incidentsDemo } from "./incidents";
import type { DemoContext, DemoPart } from "./part";
import { rolloutsDemo } from "./rollouts";

/**
 * Demo content for the embedded defaults. Each capability adds a part: `seed` writes its demo
 * rows idempotently (safe on every start); `simulate` starts live traffic against the running
 * Opsdeck (through its public API, as a real service would) and returns a function that stops it.
 */
const parts: DemoPart[] = [flagsDemo, metricsDemo, rateLimitDemo, traceDemo, incidentsDemo, rolloutsDemo];

const DEMO_TOKEN_NAME = "demo-admin";

/** A fresh admin token under this name, the previous ones revoked: secrets are shown once, so each start issues its own. */
export async function reissueAdminToken(name: string, actorName: string): Promise<string> {
  const actor = systemActor(actorName);
  const previous = await db().apiToken.findMany({ where: { name, revokedAt: null }, select: { id: true } });
  for (const { id } of previous) await revokeApiToken(id, actor);
  return (await createApiToken({ name, role: "admin" }, actor)).token;
}

/** Seeds every part and issues a fresh demo admin token, revoking the previous one. */
export async function seedDemo(): Promise<{ token: string }> {
  for (const part of parts) await part.seed?.();
  return { token: await reissueAdminToken(DEMO_TOKEN_NAME, "demo") };
}

/** Starts every part's simulator; the returned function stops them all. */
export function startSimulators(context: DemoContext): () => Promise<void> {
  const stops = parts.flatMap((part) => (part.simulate ? [part.simulate(context)] : []));
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
