/**
 * Opsdeck's HTTP server, started by `npm start` (scripts/start.ts): Next.js serves everything,
 * except the flag evaluation routes that services call on every request they serve. Those are
 * the same route handlers, called from here without Next's router and rendering pipeline, which
 * cost several times more than the evaluation itself (bench/flags/http.ts measures this server).
 *   --dev   Next.js in development mode
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import * as flagSnapshot from "@/app/api/flags/route";
import * as flagEvaluation from "@/app/api/flags/evaluate/route";
import * as ofrepBulk from "@/app/ofrep/v1/evaluate/flags/route";
import * as ofrepSingle from "@/app/ofrep/v1/evaluate/flags/[key]/route";
import { startAlertEvaluator } from "@/lib/alerts/evaluator";
import { directRoute, failedRoute, matchDirectRoute, serveRoute } from "@/lib/api/node-bridge";
import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { startRolloutEvaluator } from "@/lib/rollouts/evaluator";

const { values: flags } = parseArgs({ options: { dev: { type: "boolean", default: false } } });
const { PORT } = getConfig();

const directRoutes = [flagEvaluation.GET, flagSnapshot.GET, ofrepBulk.POST, ofrepSingle.POST].map(directRoute);
const app = next({ dev: flags.dev, port: PORT, hostname: "localhost" });
const handleWithNext = app.getRequestHandler();
await app.prepare();

const origin = `http://localhost:${PORT}`;
const server = createServer((req, res) => {
  const pathname = (req.url ?? "/").split("?", 1)[0] as string;
  const direct = matchDirectRoute(directRoutes, req.method ?? "GET", pathname);
  if (!direct) return void handleWithNext(req, res);
  serveRoute(direct.route, direct.params, req, res, origin).catch((error: unknown) => {
    // The wrapper answers every route error itself; this is a broken connection or a bridge bug.
    logger.error({ err: error, url: req.url }, "direct route failed");
    failedRoute(res);
  });
});
server.listen(PORT);
// Release plans advance and roll back from here; the lease keeps it to one instance at a time.
const rollouts = startRolloutEvaluator();
// Alert rules and SLOs are evaluated in the server process, by whichever instance holds the lease.
const alertEvaluator = startAlertEvaluator();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void Promise.all([app.close(), rollouts.stop(), alertEvaluator.stop()]).finally(() => process.exit(0));
  });
}
