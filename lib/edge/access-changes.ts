import { getRedis, databaseChannel } from "@/lib/redis";
import { processSingleton } from "@/lib/process-singleton";
import { logger } from "@/lib/log";

/**
 * The announcement that the edges' access document changed (a token created or revoked, the
 * rate limits edited): to this instance's listeners at once and to every other instance over
 * Redis. A leaf module, so the token and rate-limit services can announce without importing
 * what the document is made of.
 */
export const edgeAccessChannel = (): string => databaseChannel("edge_access");

type Listener = () => void;
export const accessChangeListeners = (): Set<Listener> => processSingleton("edgeAccessListeners", () => new Set<Listener>());

export async function announceEdgeAccessChange(): Promise<void> {
  for (const listener of accessChangeListeners()) listener();
  await getRedis()
    ?.publish(edgeAccessChannel(), "changed")
    .catch((error: unknown) => logger.warn({ err: error }, "edge access change not announced on Redis; edges on other instances poll it within 30 s"));
}
