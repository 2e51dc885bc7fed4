const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request made with a session cookie proves it came from Opsdeck's own pages: the
 * browser's `Sec-Fetch-Site: same-origin`, or an `Origin` whose host is the host the request was
 * sent to. Both headers are set by browsers and cannot be forged by another site's page. Safe
 * methods need no proof; token-authenticated calls never reach this check (no ambient credential).
 */
export function isSameOriginRequest(method: string, headers: Headers, requestUrl: string, publicUrl?: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (headers.get("sec-fetch-site") === "same-origin") return true;
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const hosts = [headers.get("x-forwarded-host")?.split(",")[0]?.trim(), headers.get("host"), new URL(requestUrl).host];
  if (publicUrl) hosts.push(new URL(publicUrl).host);
  return hosts.some((host) => host && host.toLowerCase() === originHost.toLowerCase());
}
