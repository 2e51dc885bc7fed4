import { NextRequest } from "next/server";
import { createTestDatabase } from "@/scripts/test/database";

/**
 * What the trace benches that go through the receiver share: a throwaway database on the local
 * PostgreSQL, set as DATABASE_URL before lib/ loads (the configuration is read once, hence the
 * dynamic imports), an operator token, the last ten minutes' span partitions, and exports as a busy
 * service's batch exporter sends them (traces of 50 spans).
 */
export async function receiverBench(label: string) {
  const database = await createTestDatabase(label);
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = "silent";
  const { POST } = await import("@/app/v1/traces/route");
  const { closeDatabase, dbPool } = await import("@/lib/db");
  const { systemActor } = await import("@/lib/audit");
  const { createApiToken } = await import("@/lib/auth/tokens");
  const { largeTrace, syntheticExport } = await import("@/lib/traces/synthetic");
  const { ensureSpanPartitions } = await import("@/lib/traces/retention");
  const { token } = await createApiToken({ name: "bench", role: "operator" }, systemActor("bench"));
  const now = Date.now();
  await ensureSpanPartitions([now - 600_000, now]);
  return {
    dbPool,
    /** The `index`-th export's OTLP JSON: `spans` spans in traces of 50, within the last ten minutes. */
    exportBody(index: number, spans: number): string {
      const traces = Array.from({ length: spans / 50 }, (_, t) => syntheticExport(largeTrace(50, 800), now - 600_000 + index * 1000 + t).request);
      return JSON.stringify({ resourceSpans: traces.flatMap((trace) => trace.resourceSpans) });
    },
    /** POST /v1/traces as an exporter sends it; any answer but 200 stops the bench. */
    async send(body: string): Promise<void> {
      const request = new NextRequest("http://127.0.0.1/v1/traces", { method: "POST", body, headers: { "content-type": "application/json", authorization: `Bearer ${token}` } });
      const response = await POST(request, { params: Promise.resolve({}) });
      if (response.status !== 200) throw new Error(`receiver answered ${response.status}: ${await response.text()}`);
    },
    async drop(): Promise<void> {
      await closeDatabase();
      await database.drop();
    },
  };
}
