/** What Opsdeck accepts as a request id (X-Request-ID, an incident's request ids): safe to echo, log, put in a URL and quote in a shell. */
export const REQUEST_ID = /^[\w.:-]{1,128}$/;

// The global Web Crypto, not node:crypto: proxy.ts imports this too.
/** The caller's X-Request-ID when it is safe to echo and log, else a new one. */
export const requestIdFor = (incoming: string | null | undefined): string => (incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID());

export const requestIdFrom = (headers: Headers): string => requestIdFor(headers.get("x-request-id"));
