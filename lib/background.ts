import { startAlertEvaluator } from "@/lib/alerts/evaluator";
import { startRolloutEvaluator } from "@/lib/rollouts/evaluator";
import { onShutdown } from "@/lib/shutdown";
import { startConfiguredGrpcReceiver } from "@/lib/traces/grpc-receiver";

/**
 * The web app's own background work, started once per server process by instrumentation.ts:
 * release plans advance and roll back, alert rules and SLOs are evaluated, and the OTLP/gRPC
 * receiver listens (lib/traces/grpc-receiver.ts; it stops with the streams on SIGTERM). Each runs on every
 * instance but acts only while it holds its lease (lib/db/lease.ts), so several instances never
 * act twice. On SIGTERM they stop with the other timers, before buffers are flushed and the
 * database pool closes, and give their leases up so another instance takes over at once.
 */
export function startBackgroundWork(): void {
  const rollouts = startRolloutEvaluator();
  const alerts = startAlertEvaluator();
  onShutdown("timers", "release plan driver", () => rollouts.stop());
  onShutdown("timers", "alert evaluator", () => alerts.stop());
  startConfiguredGrpcReceiver();
}
