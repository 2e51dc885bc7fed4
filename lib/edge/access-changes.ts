import { publish } from "@/lib/pubsub";
import { databaseChannel } from "@/lib/redis";
import { processSingleton } from "@/lib/process-singleton";

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
  // A failed announcement is logged by publish; edges on other instances poll within 30 s.
  await publish(edgeAccessChannel(), "changed");
}
