import type { Redis } from "ioredis";
import { logger } from "@/lib/log";
import { getRedis } from "@/lib/redis";
import { dropProcessSingleton, processSingleton } from "@/lib/process-singleton";

/**
 * Redis pub/sub for announcements between instances (flag changes, rate-limit configuration,
 * token revocations, ended sessions). One connection per process carries every channel, and a
 * subscription is held until it is given up: a SUBSCRIBE that fails (Redis away at start-up, a
 * reconnect racing the command) is retried until it succeeds, and after every (re)subscription
 * each handler's `onResync` runs, because whatever was announced while the channel was not held
 * is lost. ioredis's own resubscribe is off: it gives up silently when the command fails.
 */
export interface ChannelHandlers {
  onMessage(message: string): void;
  /** The channel is held again (or for the first time): reload what announcements would have changed. */
  onResync?(): void;
}

export interface SubscriberStatus {
  /** Channels some part of this process wants. */
  wanted: number;
  /** Channels Redis has confirmed for the current connection. */
  held: number;
}

export interface Subscriber {
  /** Subscribes until the returned function is called. */
  subscribe(channel: string, handlers: ChannelHandlers): () => void;
  status(): SubscriberStatus;
  /** Redis has confirmed `channel` for the current connection. */
  holds(channel: string): boolean;
  /** The connection's state as ioredis names it ("ready", "connecting", "reconnecting", "end"…). */
  connectionState(): string;
  close(): void;
}

const RETRY_MS = 250;

/** A subscriber over `connection`, a Redis client of its own (a subscribed client can do nothing else). */
export function createSubscriber(connection: Redis): Subscriber {
  const channels = new Map<string, Set<ChannelHandlers>>();
  const held = new Set<string>();
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;
  let warned = false;

  const handlersOf = (channel: string) => [...(channels.get(channel) ?? [])];

  async function holdAll(): Promise<void> {
    retryTimer = undefined;
    if (closed || connection.status !== "ready") return;
    const missing = [...channels.keys()].filter((channel) => !held.has(channel));
    if (missing.length === 0) return;
    try {
      await connection.subscribe(...missing);
    } catch (error) {
      if (!warned) logger.warn({ err: error, channels: missing }, "could not subscribe; retrying until it holds");
      warned = true;
      retryTimer ??= setTimeout(() => void holdAll(), RETRY_MS);
      return;
    }
    if (warned) logger.info({ channels: missing }, "subscribed after retrying");
    warned = false;
    for (const channel of missing) {
      if (!channels.has(channel)) continue;
      held.add(channel);
      for (const handlers of handlersOf(channel)) {
        try {
          handlers.onResync?.();
        } catch (error) {
          logger.warn({ err: error, channel }, "resync after subscribing failed");
        }
      }
    }
  }

  connection.on("error", () => undefined);
  connection.on("ready", () => {
    held.clear();
    void holdAll();
  });
  connection.on("close", () => held.clear());
  connection.on("message", (channel: string, message: string) => {
    for (const handlers of handlersOf(channel)) {
      try {
        handlers.onMessage(message);
      } catch (error) {
        logger.warn({ err: error, channel }, "announcement handler failed");
      }
    }
  });

  return {
    subscribe(channel, handlers) {
      const set = channels.get(channel) ?? new Set();
      set.add(handlers);
      channels.set(channel, set);
      void holdAll();
      return () => {
        set.delete(handlers);
        if (set.size > 0) return;
        channels.delete(channel);
        if (held.delete(channel) && connection.status === "ready") void connection.unsubscribe(channel).catch(() => undefined);
      };
    },
    status: () => ({ wanted: channels.size, held: [...channels.keys()].filter((channel) => held.has(channel)).length }),
    holds: (channel) => channels.has(channel) && held.has(channel),
    connectionState: () => connection.status,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      channels.clear();
      held.clear();
      connection.disconnect();
    },
  };
}

/**
 * The process's subscriber, or null without REDIS_URL (one instance: announcements are local).
 * It reconnects faster than the command connection: a reconnect attempt is one refused TCP
 * connection, and the sooner it holds, the sooner announcements flow again.
 */
export function processSubscriber(): Subscriber | null {
  return processSingleton("subscriber", () => {
    const shared = getRedis();
    return shared
      ? createSubscriber(
          shared.duplicate({
            autoResubscribe: false,
            enableOfflineQueue: false,
            maxRetriesPerRequest: 1,
            retryStrategy: (attempt: number) => Math.min(attempt * 50, RETRY_MS),
          }),
        )
      : null;
  });
}

/** Subscribes through the process's subscriber; without Redis there is nothing to hear. */
export function subscribe(channel: string, handlers: ChannelHandlers): () => void {
  return processSubscriber()?.subscribe(channel, handlers) ?? (() => undefined);
}

/**
 * Announces on a channel. The shared client refuses commands while (re)connecting, so an
 * announcement waits a little for it; a failure is logged and reported as false (the change
 * itself is committed, and other instances resynchronise when their subscription holds again).
 */
export async function publish(channel: string, message: string): Promise<boolean> {
  const redis = getRedis();
  if (!redis) return false;
  await connected(redis);
  try {
    await redis.publish(channel, message);
    return true;
  } catch (error) {
    logger.warn({ err: error, channel }, "could not announce on Redis; other instances resynchronise when it returns");
    return false;
  }
}

async function connected(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    }
    redis.once("ready", done);
  });
}

/** Tests and graceful shutdown. */
export function closeProcessSubscriber(): void {
  dropProcessSingleton<Subscriber | null>("subscriber")?.close();
}
