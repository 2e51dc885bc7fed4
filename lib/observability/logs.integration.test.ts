import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loggerOptions } from "@/lib/log";
import { logLineSchema } from "@/lib/observability/log-line";
import { withRequestLogFields } from "@/lib/observability/request-context";
import { traceRequest } from "@/lib/observability/tracing";
import { startInstance, type Instance } from "@/scripts/test/instances";
import { tokenFor } from "@/scripts/test/requests";

function parseAll(lines: string[]) {
  return lines.map((line) => {
    const parsed = logLineSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`log line off schema: ${line}\n${parsed.error.message}`);
    return parsed.data;
  });
}

describe("logs in the seeds' schema", () => {
  it("gives every line written while a request is served, however deep, its request_id, trace_id and span_id", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const log = pino({ ...loggerOptions, level: "debug" }, sink);
    log.info("before any request");
    await withRequestLogFields({ request_id: "req-1" }, () =>
      traceRequest(new Request("http://127.0.0.1/x"), "/x", async () => {
        log.debug({ step: 1 }, "inside the handler");
        await new Promise((resolve) => setTimeout(resolve, 5));
        await Promise.all([1, 2].map(async (n) => log.warn({ attempt: { user: { password: "hunter2", email: "ana@example.com" } }, n }, "in a nested task")));
        return new Response("ok");
      }),
    );
    const parsed = parseAll(lines);
    expect(parsed).toHaveLength(4);
    expect(parsed[0]).not.toHaveProperty("request_id");
    const inRequest = parsed.slice(1);
    for (const line of inRequest) expect(line).toMatchObject({ request_id: "req-1", trace_id: expect.any(String), span_id: expect.any(String) });
    expect(new Set(inRequest.map((line) => line.trace_id)).size).toBe(1);
    expect(parsed[2]?.attempt).toEqual({ user: { password: "[redacted]", email: "[redacted]" } });
    expect(lines.join("\n")).not.toMatch(/hunter2|ana@example\.com/);
  });

  describe("every line an instance writes during a run of requests", () => {
    const lines: string[] = [];
    let instance: Instance;
    let token: string;
    beforeAll(async () => {
      token = await tokenFor("admin");
      instance = await startInstance({ DATABASE_URL: inject("databaseUrl"), LOG_LEVEL: "debug" }, (line) => lines.push(line));
    });
    afterAll(() => instance?.stop());

    it("parses against the schema, with status_code and duration_ms on each request line, and no secret in any", async () => {
      const auth = { authorization: `Bearer ${token}` };
      const calls: Array<[string, RequestInit?]> = [
        ["/api/health/live"],
        ["/api/health/ready"],
        ["/api/health"],
        ["/api/admin/tokens"],
        ["/api/admin/tokens", { headers: auth }],
        ["/api/admin/tokens", { method: "POST", headers: auth, body: JSON.stringify({ name: "x", role: "nobody", password: "hunter2" }) }],
        ["/api/admin/feature-flags/does-not-exist", { headers: { ...auth, "x-request-id": "caller-chosen-id" } }],
        ["/api/webhooks/alertmanager", { method: "POST", headers: auth, body: "{not json" }],
      ];
      const requestIds: string[] = [];
      for (const [path, init] of calls) requestIds.push((await fetch(instance.url + path, init)).headers.get("x-request-id") as string);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const parsed = parseAll(lines);
      const requestLines = parsed.filter((line) => line.status_code !== undefined);
      expect(requestLines.map((line) => line.request_id)).toEqual(requestIds);
      expect(requestLines.map((line) => line.status_code)).toEqual([200, 200, 200, 401, 200, 400, 404, 400]);
      for (const line of requestLines) expect(line).toMatchObject({ level: "INFO", trace_id: expect.any(String), span_id: expect.any(String) });
      expect(requestIds).toContain("caller-chosen-id");
      const everything = lines.join("\n");
      expect(everything).not.toContain(token);
      expect(everything).not.toContain("hunter2");
    });
  });
});
