/**
 * The same requests sent to the web app and to a flag edge, for the tests that check the edge
 * answers exactly as the web app does (lib/edge/edge.integration.test.ts, e2e/api.spec.ts):
 * valid calls and every kind of rejection the four evaluation routes make.
 */
export interface ParityCase {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  /** Which token to send: a viewer's, none, or one that does not exist. */
  auth: "viewer" | "none" | "unknown";
  headers?: Record<string, string>;
}

export const PARITY_FLAG = "edge_parity_rollout";

export const parityCases = (etagOf: { snapshot: string; ofrep: string }): ParityCase[] => [
  { name: "bulk evaluation", method: "GET", path: "/api/flags/evaluate?userId=user123&env=production", auth: "viewer" },
  { name: "bulk evaluation, anonymous", method: "GET", path: "/api/flags/evaluate", auth: "viewer" },
  { name: "bulk evaluation, empty userId", method: "GET", path: "/api/flags/evaluate?userId=&env=production", auth: "viewer" },
  { name: "bulk evaluation, unknown env", method: "GET", path: "/api/flags/evaluate?userId=u&env=moon", auth: "viewer" },
  { name: "bulk evaluation, unknown parameter", method: "GET", path: "/api/flags/evaluate?userId=u&tenant=1", auth: "viewer" },
  { name: "bulk evaluation, userId twice", method: "GET", path: "/api/flags/evaluate?userId=a&userId=b", auth: "viewer" },
  { name: "bulk evaluation, userId too long", method: "GET", path: `/api/flags/evaluate?userId=${"x".repeat(201)}`, auth: "viewer" },
  { name: "bulk evaluation without a token", method: "GET", path: "/api/flags/evaluate?userId=u", auth: "none" },
  { name: "bulk evaluation with an unknown token", method: "GET", path: "/api/flags/evaluate?userId=u", auth: "unknown" },
  { name: "snapshot", method: "GET", path: "/api/flags", auth: "viewer" },
  { name: "snapshot, not modified", method: "GET", path: "/api/flags", auth: "viewer", headers: { "If-None-Match": etagOf.snapshot } },
  { name: "snapshot, stale ETag", method: "GET", path: "/api/flags", auth: "viewer", headers: { "If-None-Match": '"stale"' } },
  { name: "snapshot without a token", method: "GET", path: "/api/flags", auth: "none" },
  { name: "OFREP bulk", method: "POST", path: "/ofrep/v1/evaluate/flags", auth: "viewer", body: JSON.stringify({ context: { targetingKey: "user123", env: "production" } }) },
  {
    name: "OFREP bulk, not modified",
    method: "POST",
    path: "/ofrep/v1/evaluate/flags",
    auth: "viewer",
    body: JSON.stringify({ context: { targetingKey: "user123", env: "production" } }),
    headers: { "If-None-Match": etagOf.ofrep },
  },
  { name: "OFREP bulk, extra context fields", method: "POST", path: "/ofrep/v1/evaluate/flags", auth: "viewer", body: JSON.stringify({ context: { targetingKey: "u", plan: "pro", environment: "staging" } }) },
  { name: "OFREP bulk, empty body", method: "POST", path: "/ofrep/v1/evaluate/flags", auth: "viewer", body: "" },
  { name: "OFREP bulk, not JSON", method: "POST", path: "/ofrep/v1/evaluate/flags", auth: "viewer", body: "{context:" },
  { name: "OFREP bulk, an array", method: "POST", path: "/ofrep/v1/evaluate/flags", auth: "viewer", body: "[]" },
  { name: "OFREP bulk, bad env", method: "POST", path: "/ofrep/v1/evaluate/flags", auth: "viewer", body: JSON.stringify({ context: { targetingKey: "u", env: "moon" } }) },
  { name: "OFREP bulk, targetingKey not a string", method: "POST", path: "/ofrep/v1/evaluate/flags", auth: "viewer", body: JSON.stringify({ context: { targetingKey: 7 } }) },
  { name: "OFREP bulk without a token", method: "POST", path: "/ofrep/v1/evaluate/flags", auth: "none", body: "{}" },
  { name: "OFREP single", method: "POST", path: `/ofrep/v1/evaluate/flags/${PARITY_FLAG}`, auth: "viewer", body: JSON.stringify({ context: { targetingKey: "user123" } }) },
  { name: "OFREP single, no targeting key", method: "POST", path: `/ofrep/v1/evaluate/flags/${PARITY_FLAG}`, auth: "viewer", body: "{}" },
  { name: "OFREP single, unknown flag", method: "POST", path: "/ofrep/v1/evaluate/flags/no_such_flag", auth: "viewer", body: JSON.stringify({ context: { targetingKey: "u" } }) },
  { name: "OFREP single, not JSON", method: "POST", path: `/ofrep/v1/evaluate/flags/${PARITY_FLAG}`, auth: "viewer", body: "nope" },
  { name: "OFREP single, key too long", method: "POST", path: `/ofrep/v1/evaluate/flags/${"k".repeat(201)}`, auth: "viewer", body: "{}" },
  { name: "OFREP single with an unknown token", method: "POST", path: `/ofrep/v1/evaluate/flags/${PARITY_FLAG}`, auth: "unknown", body: "{}" },
];

export interface ParityAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string | null>;
}

// What must match; Date, the trace headers and X-RateLimit-Remaining/Reset differ between any two calls.
const COMPARED_HEADERS = ["content-type", "etag", "cache-control", "www-authenticate", "x-ratelimit-limit", "x-request-id"];

/** Sends one case; the request id is fixed so both answers must echo it. */
export async function sendCase(base: string, tokens: { viewer: string }, parity: ParityCase): Promise<ParityAnswer> {
  const headers: Record<string, string> = { "X-Request-ID": "parity-check", ...parity.headers };
  if (parity.auth === "viewer") headers.Authorization = `Bearer ${tokens.viewer}`;
  if (parity.auth === "unknown") headers.Authorization = `Bearer odk_${"0".repeat(43)}`;
  if (parity.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${base}${parity.path}`, { method: parity.method, headers, body: parity.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: compared as text
  }
  return { status: response.status, body, headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers.get(name)])) };
}
