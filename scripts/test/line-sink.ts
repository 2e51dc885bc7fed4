import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface LineSink {
  /** The base URL to give the metrics SDK (it POSTs to `<url>/write`). */
  url: string;
  /** Every line received, in order. */
  lines: string[];
  /** The `precision` the last request named. */
  precision: string | undefined;
  close(): Promise<void>;
}

/** A local HTTP server that takes line-protocol writes as Opsdeck's ingest does (204) and keeps their lines, for SDK tests. */
export async function startLineSink(): Promise<LineSink> {
  const server = createServer(async (request, response) => {
    sink.precision = new URL(request.url ?? "/", "http://sink").searchParams.get("precision") ?? undefined;
    let body = "";
    for await (const chunk of request) body += chunk;
    sink.lines.push(...body.split("\n"));
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const sink: LineSink = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/metrics`,
    lines: [],
    precision: undefined,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return sink;
}
