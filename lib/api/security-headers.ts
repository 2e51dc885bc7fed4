/**
 * The security headers of every page and API answer. Pages get a Content-Security-Policy whose
 * scripts run only with the request's nonce (set by proxy.ts; Next.js puts it on its own scripts,
 * 'strict-dynamic' lets those load their chunks); styles may be inline (React style attributes,
 * Recharts, Swagger UI). API answers are data and may load nothing.
 */
/** The request header carrying the page's script nonce from proxy.ts to the root layout (next-themes' script). */
export const NONCE_HEADER = "x-nonce";

export interface SecurityOptions {
  /** The public URL is https: send HSTS. */
  https: boolean;
  /** `next dev` evaluates its modules with eval. */
  dev?: boolean;
}

/** Pages whose libraries compile code at run time: Swagger UI (at /api/docs) builds functions with `new Function`. */
export const PAGES_NEEDING_EVAL = new Set(["/api/docs"]);

export function pageContentSecurityPolicy(nonce: string, { dev = false, evaluates = false }: Pick<SecurityOptions, "dev"> & { evaluates?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev || evaluates ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The headers besides the policy, the same on pages and API answers. */
export function commonSecurityHeaders({ https }: SecurityOptions): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

export const servedOverHttps = (publicUrl: string | undefined): boolean => publicUrl?.startsWith("https://") ?? false;
