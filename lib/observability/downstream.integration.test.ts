import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getTrace } from "@/app/api/admin/traces/[traceId]/route";
import { POST as createSilence } from "@/app/api/admin/alerts/silences/route";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { resetAlertmanagerForTests } from "@/lib/alerts/alertmanager";
import { resetConfigForTests } from "@/lib/config";
import { dropProcessSingleton } from "@/lib/process-singleton";
import { call, tokenFor } from "@/scripts/test/requests";

/**
 * Seed 002's downstream propagation and Opsdeck's own child spans, through a real route: creating
 * a silence writes it to PostgreSQL and to Alertmanager, here a stand-in that records what it got.
 */
let alertmanager: Server;
let alertmanagerHost: string;
const received: IncomingHttpHeaders[] = [];
let operator: string;
let viewer: string;

const silence = () => ({
  matchers: [{ name: "alertname", value: "DownstreamProbe" }],
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  comment: "propagation test",
});

/** A new tracer for the current OPSDECK_TRACE_EXPORT (the tracer is made once per process). */
function useTraceExport(on: boolean) {
  process.env.OPSDECK_TRACE_EXPORT = String(on);
  resetConfigForTests();
  dropProcessSingleton("tracer");
}

beforeAll(async () => {
  operator = await tokenFor("operator");
  viewer = await tokenFor("viewer");
  alertmanager = createServer((request, response) => {
    received.push(request.headers);
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ silenceID: `am-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => alertmanager.listen(0, "127.0.0.1", resolve));
  alertmanagerHost = `127.0.0.1:${(alertmanager.address() as AddressInfo).port}`;
  process.env.ALERTMANAGER_URL = `http://${alertmanagerHost}`;
  resetAlertmanagerForTests();
});

afterAll(async () => {
  delete process.env.ALERTMANAGER_URL;
  delete process.env.OPSDECK_TRACE_EXPORT;
  resetConfigForTests();
  resetAlertmanagerForTests();
  dropProcessSingleton("tracer");
  await new Promise((resolve) => alertmanager.close(resolve));
});

describe("Opsdeck's calls to its dependencies", () => {
  it("carry the request's X-Request-ID and a traceparent in the request's trace, spans stored or not", async () => {
    useTraceExport(false);
    received.length = 0;
    const response = await call(createSilence, { token: operator, body: silence(), headers: { "x-request-id": "incident-4711" } });
    expect(response.status).toBe(201);
    expect(response.json.alertmanagerId).toBe("am-1");
    expect(received).toHaveLength(1);
    expect(received[0]?.["x-request-id"]).toBe("incident-4711");
    // Not sampled (OPSDECK_TRACE_EXPORT off): the flag says so, and the ids still join the request's trace.
    expect(received[0]?.traceparent).toMatch(new RegExp(`^00-${response.headers.get("x-trace-id")}-[0-9a-f]{16}-00$`));
    expect(received[0]?.traceparent).not.toBe(response.headers.get("traceparent"));
  });
});

describe("Opsdeck's own waterfall", () => {
  it("shows a request's database queries and outgoing HTTP calls as child spans of its root", async () => {
    useTraceExport(true);
    received.length = 0;
    const traceId = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
    const response = await call(createSilence, { token: operator, body: silence(), headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, "x-request-id": "incident-4712" } });
    expect(response.status).toBe(201);

    type Span = { spanId: string; parentSpanId: string | null; name: string; attributes: Record<string, unknown> };
    // The spans are stored by a batch processor (every few seconds).
    let spans: Span[] = [];
    await expect
      .poll(
        async () => {
          const trace = await call(getTrace, { token: viewer, params: { traceId }, path: `/api/admin/traces/${traceId}` });
          spans = trace.status === 200 ? trace.json.spans : [];
          return spans.some((span) => span.name === "POST /api/admin/alerts/silences");
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(true);
    const root = spans.find((span) => span.name === "POST /api/admin/alerts/silences") as Span;
    expect(root.attributes.request_id).toBe("incident-4712");
    const children = spans.filter((span) => span.parentSpanId === root.spanId);
    expect(children.find((span) => span.name === "pg INSERT")?.attributes).toMatchObject({ "db.system.name": "postgresql", "db.query.text": expect.stringMatching(/^INSERT INTO "public"\."alert_silences"/) });
    const outgoing = children.find((span) => span.name === `POST ${alertmanagerHost}`);
    expect(outgoing?.attributes).toMatchObject({ "http.request.method": "POST", "http.response.status_code": 200, "url.full": `http://${alertmanagerHost}/api/v2/silences` });
    // What Alertmanager received names the HTTP span as its parent: its own spans would hang under it.
    expect(received[0]?.traceparent).toBe(`00-${traceId}-${outgoing?.spanId}-01`);
  });
});

describe("sign-in's calls to the identity provider", () => {
  let idp: Server;
  const idpHeaders: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    idp = createServer((request, response) => {
      idpHeaders.push(request.headers);
      const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ["code"] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    Object.assign(process.env, { OIDC_ISSUER: `http://127.0.0.1:${(idp.address() as AddressInfo).port}`, OIDC_CLIENT_ID: "opsdeck", OIDC_CLIENT_SECRET: "test-secret", OIDC_ROLE_MAP: "ops=operator" });
    resetConfigForTests();
  });

  afterAll(async () => {
    for (const name of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_MAP"]) delete process.env[name];
    resetConfigForTests();
    await new Promise((resolve) => idp.close(resolve));
  });

  it("carry the sign-in request's X-Request-ID and trace", async () => {
    const csrf = await authGet(new NextRequest("http://127.0.0.1:3000/api/auth/csrf"));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    const response = await authPost(
      new NextRequest("http://127.0.0.1:3000/api/auth/signin/oidc", {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", "x-request-id": "signin-42" },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/" }).toString(),
      }),
    );
    expect(response.headers.get("location")).toMatch(/\/auth\?/);
    expect(response.headers.get("x-request-id")).toBe("signin-42");
    const discovery = idpHeaders.at(-1);
    expect(discovery?.["x-request-id"]).toBe("signin-42");
    expect(discovery?.traceparent).toMatch(new RegExp(`^00-${response.headers.get("x-trace-id")}-`));
  });
});

