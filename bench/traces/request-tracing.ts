/**
 * What Opsdeck's own tracing costs each API request with OPSDECK_TRACE_EXPORT off (the default, and
 * the flag-evaluation hot path): traceRequest (server span, traceparent and X-Trace-ID, the span in
 * the request context beside the log fields) against its floor, the request-context run alone.
 * Wall and CPU time per request; no I/O.
 *   npx tsx bench/traces/request-tracing.ts
 */
import { withRequestLogFields } from "@/lib/observability/request-context";
import { traceRequest } from "@/lib/observability/tracing";

const REQUESTS = Number(process.env.REQUESTS ?? 200_000);
const req = new Request("http://127.0.0.1/ofrep/v1/evaluate/flags/checkout", { method: "POST" });
const answer = () => Promise.resolve({ status: 200, headers: new Headers() });

async function measure(label: string, serve: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20_000; i++) await serve(); // warm-up for the JIT
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await serve();
  const wallNs = Number(process.hrtime.bigint() - started) / REQUESTS;
  const used = process.cpuUsage(cpu);
  const cpuNs = ((used.user + used.system) * 1000) / REQUESTS;
  console.log(`${label.padEnd(40)} ${wallNs.toFixed(0).padStart(6)} ns wall  ${cpuNs.toFixed(0).padStart(6)} ns CPU per request`);
}

console.log(`node ${process.version}, ${REQUESTS.toLocaleString("en")} requests each`);
await measure("request context only (the floor)", () => withRequestLogFields({ request_id: "bench" }, answer));
await measure("traceRequest inside the request context", () => withRequestLogFields({ request_id: "bench" }, () => traceRequest(req, "/ofrep/v1/evaluate/flags/{key}", answer)));
