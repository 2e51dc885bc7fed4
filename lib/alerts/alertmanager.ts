import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import type { Matcher } from "@/lib/alerts/schemas";
import { CircuitBreaker, CircuitOpenError } from "@/lib/resilience/circuit-breaker";
import { dropProcessSingleton, processSingleton } from "@/lib/process-singleton";

/** One alert as Alertmanager's v2 API takes it (`POST /api/v2/alerts`). */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

const TIMEOUT_MS = 5_000;
/** Backoff between attempts of one delivery; the next evaluation sends everything again anyway. */
const BACKOFF_MS = [250, 1_000];

export interface DeliveryStatus {
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  delivered: number;
  failed: number;
}

/**
 * Alertmanager's v2 API behind one circuit breaker: a delivery is tried up to three times with
 * backoff; five failures in a row open the circuit and deliveries are skipped (the evaluator
 * goes on) until a probe gets through. Its state is shown on the Dependencies page.
 */
export class AlertmanagerClient {
  readonly breaker: CircuitBreaker;
  readonly status: DeliveryStatus = { lastSuccessAt: null, lastError: null, lastErrorAt: null, delivered: 0, failed: 0 };

  constructor(
    readonly url: string,
    options: { recoveryMs?: number; sleep?: (ms: number) => Promise<void> } = {},
  ) {
    this.breaker = new CircuitBreaker("alertmanager", { failureThreshold: 5, recoveryMs: options.recoveryMs ?? 30_000 });
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private readonly sleep: (ms: number) => Promise<void>;

  private async request(path: string, init: RequestInit): Promise<Response> {
    const response = await fetch(new URL(path, this.url.endsWith("/") ? this.url : `${this.url}/`), {
      ...init,
      headers: { "content-type": "application/json", ...init.headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`Alertmanager answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    return response;
  }

  /** True when delivered; false when every attempt failed or the circuit is open. Never throws. */
  async postAlerts(alerts: AlertmanagerAlert[]): Promise<boolean> {
    if (alerts.length === 0) return true;
    for (let attempt = 0; attempt <= BACKOFF_MS.length; attempt++) {
      try {
        await this.breaker.run(() => this.request("api/v2/alerts", { method: "POST", body: JSON.stringify(alerts) }));
        this.status.lastSuccessAt = new Date().toISOString();
        this.status.delivered += alerts.length;
        return true;
      } catch (error) {
        this.status.lastError = (error as Error).message;
        this.status.lastErrorAt = new Date().toISOString();
        if (error instanceof CircuitOpenError) break;
        const wait = BACKOFF_MS[attempt];
        if (wait === undefined) break;
        await this.sleep(wait);
      }
    }
    this.status.failed += alerts.length;
    logger.warn({ error: this.status.lastError, alerts: alerts.length }, "alertmanager delivery failed; the next evaluation sends again");
    return false;
  }

  async createSilence(silence: { matchers: Matcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string }): Promise<string> {
    const response = await this.breaker.run(() => this.request("api/v2/silences", { method: "POST", body: JSON.stringify(silence) }));
    return ((await response.json()) as { silenceID: string }).silenceID;
  }

  async expireSilence(id: string): Promise<void> {
    await this.breaker.run(() => this.request(`api/v2/silence/${encodeURIComponent(id)}`, { method: "DELETE" }));
  }

  /** A line for the Dependencies page. */
  note(): string {
    const breaker = this.breaker.snapshot();
    const parts = [`deliveries: ${this.status.delivered} alerts sent, ${this.status.failed} failed; circuit ${breaker.state}`];
    if (this.status.lastError) parts.push(`last delivery error ${this.status.lastErrorAt}: ${this.status.lastError}`);
    return parts.join("; ");
  }
}

/** The configured Alertmanager (ALERTMANAGER_URL), or null. One per process. */
export function alertmanagerClient(): AlertmanagerClient | null {
  return processSingleton("alertmanager", () => {
    const url = getConfig().ALERTMANAGER_URL;
    return url ? new AlertmanagerClient(url) : null;
  });
}

export function resetAlertmanagerForTests(): void {
  dropProcessSingleton("alertmanager");
}
