import { Redis } from "@/lib/ioredis";
import { getConfig } from "@/lib/config";
import { processSingleton } from "@/lib/process-singleton";
import { onShutdown } from "@/lib/shutdown";

/**
 * The process's Redis connection when REDIS_URL is set, else null (the in-memory defaults apply).
 * Commands fail fast while Redis is away instead of queueing, and the client reconnects by itself.
 */
export function getRedis(): Redis | null {
  return processSingleton("redis", () => {
    const url = getConfig().REDIS_URL;
    if (!url) return null;
    const client = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    client.on("error", () => undefined);
    onShutdown("connections", "redis", () => client.disconnect());
    return client;
  });
}

/** Instances that share a database share its state, so their change channels are named after it. */
export function databaseChannel(topic: string): string {
  const url = getConfig().DATABASE_URL;
  const where = url ? new URL(url) : null;
  return `opsdeck:${topic}:${where ? `${where.host}${where.pathname}` : "default"}`;
}
