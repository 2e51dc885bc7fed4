/** One server-sent event, as the web app's streams and the flag edge's write it. */
export const sseFrame = (event: string, id: string, data: string): string => `event: ${event}\nid: ${id}\ndata: ${data}\n\n`;

/** Tells EventSource clients to reconnect after a second. */
export const SSE_RETRY = "retry: 1000\n\n";

export const SSE_HEARTBEAT = ": ping\n\n";

// Proxies close idle connections; a comment line this often keeps a stream open.
export const SSE_HEARTBEAT_MS = 15_000;

export const SSE_HEADERS = { "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive", "X-Accel-Buffering": "no" } as const;
