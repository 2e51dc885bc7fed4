import { Redis } from "ioredis";
import { getConfig } from "@/lib/config";

const globalForRedis = globalThis as unknown as { opsdeckRedis?: Redis | null };

/**
 * The process's Redis connection when REDIS_URL is set, else null (the in-memory defaults apply).
 * Commands fail fast while Redis is away instead of queueing, and the client reconnects by itself.
 */
export function getRedis(): Redis | null {
  if (globalForRedis.opsdeckRedis === undefined) {
    const url = getConfig().REDIS_URL;
    globalForRedis.opsdeckRedis = url
      ? new Redis(url, {
          lazyConnect: false,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2_000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        })
      : null;
    globalForRedis.opsdeckRedis?.on("error", () => undefined);
  }
  return globalForRedis.opsdeckRedis;
}

/** Instances that share a database share its state, so their change channels are named after it. */
export function databaseChannel(topic: string): string {
  const url = getConfig().DATABASE_URL;
  const where = url ? new URL(url) : null;
  return `opsdeck:${topic}:${where ? `${where.host}${where.pathname}` : "default"}`;
}
