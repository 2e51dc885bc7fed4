import { SSE_HEADERS, SSE_HEARTBEAT, SSE_HEARTBEAT_MS, SSE_RETRY, sseFrame } from "@/lib/api/sse-frame";
import { onShutdown } from "@/lib/shutdown";

/**
 * Server-sent events for web-app routes: `retry` (clients reconnect fast), the current value
 * now, the value again after every change, and a heartbeat comment so proxies keep idle streams
 * open. Graceful shutdown ends every open stream first; its clients reconnect elsewhere.
 */
const encoder = new TextEncoder();
const openStreams = new Set<() => void>();

export interface EventFeed<T> {
  event: string;
  initial: T;
  /** Calls `send` with every new value; returns the function that stops it. */
  subscribe(send: (value: T) => void): () => void;
  /** The event's data and id, serialised once per value. */
  frame(value: T): { id: string; data: string };
}

export function eventStreamResponse<T>(req: Request, feed: EventFeed<T>): Response {
  let stop = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (value: T) => {
        const { id, data } = feed.frame(value);
        controller.enqueue(encoder.encode(sseFrame(feed.event, id, data)));
      };
      const close = () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      controller.enqueue(encoder.encode(SSE_RETRY));
      send(feed.initial);
      const unsubscribe = feed.subscribe((value) => {
        try {
          send(value);
        } catch {
          stop();
        }
      });
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(SSE_HEARTBEAT));
        } catch {
          stop();
        }
      }, SSE_HEARTBEAT_MS);
      stop = () => {
        unsubscribe();
        clearInterval(heartbeat);
        openStreams.delete(close);
      };
      openStreams.add(close);
      onShutdown("streams", "event streams", () => {
        for (const closeStream of [...openStreams]) closeStream();
      });
      req.signal.addEventListener("abort", close);
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    status: 200,
    headers: SSE_HEADERS,
  });
}
