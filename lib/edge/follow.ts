import { createParser } from "eventsource-parser";
import type { z } from "zod";

/**
 * Keeps one document of Opsdeck's (the flag set, the access document) current at the edge: a
 * server-sent-events stream while it stays up, and ETag polling of the JSON endpoint while it
 * does not; reconnecting by itself. A document that does not parse is refused, never applied:
 * the last good one stays in service and the feed's state says what was refused and when.
 */
export interface FeedState {
  /** The stream is open now. */
  streaming: boolean;
  /** When a good document last arrived. */
  receivedAt: number | null;
  /** When Opsdeck stopped answering (stream and poll both failing); null while it answers. */
  unreachableSince: number | null;
  lastError: string | null;
  /** The last document refused because it did not parse. */
  rejected: { at: number; reason: string } | null;
}

export interface FeedOptions<T> {
  upstream: string;
  token: string;
  /** The JSON endpoint (polled with If-None-Match) and its stream. */
  documentPath: string;
  streamPath: string;
  event: string;
  schema: z.ZodType<T>;
  etagOf: (document: T) => string;
  apply: (document: T) => void;
  pollMs: number;
}

export interface Feed {
  state: FeedState;
  stop(): void;
}

const MAX_BACKOFF_MS = 5_000;
// A stream that sends nothing (not even its 15 s heartbeat) for this long is considered dead.
const STREAM_SILENCE_MS = 40_000;

export function follow<T>(options: FeedOptions<T>): Feed {
  const state: FeedState = { streaming: false, receivedAt: null, unreachableSince: null, lastError: null, rejected: null };
  const headers = { Authorization: `Bearer ${options.token}` };
  let currentEtag: string | null = null;
  let stopped = false;
  let stream: AbortController | null = null;
  let pollTimer: NodeJS.Timeout | undefined;

  const reachable = () => {
    state.unreachableSince = null;
  };
  const unreachable = (error: unknown) => {
    state.lastError = error instanceof Error ? error.message : String(error);
    state.unreachableSince ??= Date.now();
  };

  const offer = (raw: unknown) => {
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      state.rejected = { at: Date.now(), reason: `${issue?.path.join(".") || "document"}: ${issue?.message ?? "invalid"}` };
      return;
    }
    state.receivedAt = Date.now();
    const etag = options.etagOf(parsed.data);
    if (etag === currentEtag) return;
    currentEtag = etag;
    options.apply(parsed.data);
  };

  const poll = async () => {
    try {
      const response = await fetch(`${options.upstream}${options.documentPath}`, {
        headers: currentEtag ? { ...headers, "If-None-Match": currentEtag } : headers,
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status === 304) {
        state.receivedAt = Date.now();
        return reachable();
      }
      if (!response.ok) throw new Error(`${options.documentPath} answered ${response.status}`);
      const text = await response.text();
      reachable();
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        state.rejected = { at: Date.now(), reason: `not JSON: ${(error as Error).message}` };
        return;
      }
      offer(raw);
    } catch (error) {
      unreachable(error);
    }
  };

  const schedulePoll = () => {
    clearTimeout(pollTimer);
    if (stopped || state.streaming) return;
    pollTimer = setTimeout(() => void poll().finally(schedulePoll), options.pollMs);
  };

  const openStream = async (attempt: number): Promise<void> => {
    if (stopped) return;
    stream = new AbortController();
    let silence: NodeJS.Timeout | undefined;
    const quiet = () => {
      clearTimeout(silence);
      silence = setTimeout(() => stream?.abort(new Error("the stream went silent")), STREAM_SILENCE_MS);
    };
    let received = false;
    try {
      const response = await fetch(`${options.upstream}${options.streamPath}`, { headers: { ...headers, Accept: "text/event-stream" }, signal: stream.signal });
      if (!response.ok || !response.body) throw new Error(`${options.streamPath} answered ${response.status}`);
      state.streaming = true;
      clearTimeout(pollTimer);
      reachable();
      quiet();
      const parser = createParser({
        onEvent(message) {
          if (message.event !== options.event) return;
          received = true;
          let raw: unknown;
          try {
            raw = JSON.parse(message.data);
          } catch (error) {
            state.rejected = { at: Date.now(), reason: `not JSON: ${(error as Error).message}` };
            return;
          }
          offer(raw);
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        quiet();
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
      throw new Error("the stream ended");
    } catch (error) {
      if (!stopped) unreachable(error);
    } finally {
      clearTimeout(silence);
      state.streaming = false;
    }
    if (stopped) return;
    // Poll at once (the stream may have been refused while the JSON endpoint answers), then keep polling until the stream is back.
    void poll().finally(schedulePoll);
    const next = received ? 0 : attempt + 1;
    const backoff = Math.min(MAX_BACKOFF_MS, 250 * 2 ** next);
    setTimeout(() => void openStream(next), backoff).unref();
  };

  void openStream(0);
  return {
    state,
    stop() {
      stopped = true;
      clearTimeout(pollTimer);
      stream?.abort();
    },
  };
}
