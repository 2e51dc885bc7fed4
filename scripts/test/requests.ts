import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import type { WrappedRoute } from "@/lib/api/route";
import { createApiToken } from "@/lib/auth/tokens";
import type { Role } from "@/lib/auth/roles";
import { authSecret } from "@/lib/auth/secret";
import { SESSION_COOKIE, type SessionClaims } from "@/lib/auth/session";
import { startSession } from "@/lib/auth/sessions";
import { systemActor } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { recordSignIn } from "@/lib/people/service";

/** The header a browser adds to a same-origin fetch; session mutations need it (or a matching Origin). */
export const SAME_ORIGIN = { "sec-fetch-site": "same-origin" } as const;

/** Calls a route handler the way Next.js does, without a server. `json` is the answer as tests read it, any shape. */
export async function call(
  handler: WrappedRoute,
  options: { path?: string; method?: string; token?: string; session?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; params?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index answers of every endpoint's shape
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.session) headers.set("cookie", options.session);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const request = new NextRequest(new URL(options.path ?? handler.endpoint.path, "http://127.0.0.1:3000"), {
    method: options.method ?? handler.endpoint.method,
    headers,
    body,
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  // An event stream never ends; its status and headers are the answer, the body is closed unread.
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return { status: response.status, headers: response.headers, json: undefined, text: "" };
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** A fresh API token with the given role, for tests. */
export async function tokenFor(role: Role): Promise<string> {
  const { token } = await createApiToken({ name: `test-${role}`, role }, systemActor("test"));
  return token;
}

/**
 * A person signed in with the given role, as the `Cookie` header their browser would send: the
 * person is recorded through the sign-in service and the cookie is a real Auth.js session, encrypted
 * with the configured secret. `maxAgeSeconds` below zero gives an already expired session.
 */
export async function sessionFor(role: Role, options: { maxAgeSeconds?: number; name?: string } = {}): Promise<string> {
  const name = options.name ?? `test-${role}-${randomBytes(3).toString("hex")}`;
  const person = await recordSignIn({ provider: "dev", subject: name, name, role, groups: [] });
  const sid = await startSession(person.id);
  const claims: SessionClaims = { sub: person.id, sid, name, email: null, role, provider: "dev" };
  const value = await encode({
    token: claims,
    secret: authSecret(),
    salt: SESSION_COOKIE,
    maxAge: options.maxAgeSeconds ?? getConfig().SESSION_MAX_AGE_SECONDS,
  });
  return `${SESSION_COOKIE}=${value}`;
}
