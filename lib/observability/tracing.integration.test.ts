import { describe, expect, it } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { checkHealth } from "@/lib/health/checks";
import { requestLogFields } from "@/lib/observability/request-context";
import { traceRequest } from "@/lib/observability/tracing";
import { call } from "@/scripts/test/requests";

describe("Opsdeck traces its own requests", () => {
  it("answers every request with an X-Trace-ID and a traceparent, a new trace each time", async () => {
    const first = await call(live);
    const second = await call(live);
    expect(first.headers.get("x-trace-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(first.headers.get("traceparent")).toMatch(new RegExp(`^00-${first.headers.get("x-trace-id")}-[0-9a-f]{16}-0[01]$`));
    expect(second.headers.get("x-trace-id")).not.toBe(first.headers.get("x-trace-id"));
  });

  it("reports itself in /api/health's tracing block (seed 001's check)", async () => {
    expect((await checkHealth()).tracing).toEqual({ enabled: true, middleware: "active", traceIdGeneration: "working", export: false, otlpGrpc: { state: "disabled" } });
  });

  it("continues the trace of an incoming traceparent, as a child of the caller's span", async () => {
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const response = await call(live, { headers: { traceparent } });
    expect(response.headers.get("x-trace-id")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(response.headers.get("traceparent")).not.toContain("00f067aa0ba902b7");
  });

  it("ignores a malformed traceparent and starts a fresh trace", async () => {
    const response = await call(live, { headers: { traceparent: "garbage" } });
    expect(response.headers.get("x-trace-id")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("puts the request's trace_id and span_id in its log context, and nothing outside a request", async () => {
    let fields: ReturnType<typeof requestLogFields> = {};
    const response = await traceRequest(new Request("http://127.0.0.1/x"), "/x", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      fields = requestLogFields();
      return new Response("ok");
    });
    expect(fields.trace_id).toBe(response.headers.get("x-trace-id"));
    expect(response.headers.get("traceparent")).toContain(fields.span_id);
    expect(requestLogFields()).toEqual({});
  });
});
