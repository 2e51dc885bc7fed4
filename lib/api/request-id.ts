const REQUEST_ID = /^[\w.:-]{1,128}$/;

// The global Web Crypto, not node:crypto: proxy.ts imports this too.
/** The caller's X-Request-ID when it is safe to echo and log, else a new one. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
