import { NextRequest } from "next/server";
import type { WrappedRoute } from "@/lib/api/route";
import { createApiToken } from "@/lib/auth/tokens";
import type { Role } from "@/lib/auth/roles";
import { systemActor } from "@/lib/audit";

/** Calls a route handler the way Next.js does, without a server. */
export async function call(
  handler: WrappedRoute,
  options: { path?: string; method?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; params?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const request = new NextRequest(new URL(options.path ?? handler.endpoint.path, "http://127.0.0.1:3000"), {
    method: options.method ?? handler.endpoint.method,
    headers,
    body,
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
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
