/**
 * Seed 004's circuit breaker: after `failureThreshold` consecutive failures the circuit opens and
 * calls fail at once; after `recoveryMs` one probe is let through (half-open). A successful probe
 * closes the circuit, a failed one opens it again. Time is injected so the states can be tested.
 */
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  failureThreshold?: number;
  recoveryMs?: number;
  now?: () => number;
}

export interface BreakerSnapshot {
  name: string;
  state: BreakerState;
  consecutiveFailures: number;
  openedAt: string | null;
  lastError: string | null;
  lastFailureAt: string | null;
}

export class CircuitOpenError extends Error {
  constructor(
    public readonly breaker: string,
    public readonly retryAt: number,
  ) {
    super(`${breaker} circuit is open; next probe after ${new Date(retryAt).toISOString()}`);
    this.name = "CircuitOpenError";
  }
}

export class CircuitBreaker {
  private state: BreakerState = "closed";
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private probeInFlight = false;
  private lastError: string | null = null;
  private lastFailureAt: number | null = null;
  private readonly failureThreshold: number;
  private readonly recoveryMs: number;
  private readonly now: () => number;

  constructor(
    public readonly name: string,
    options: BreakerOptions = {},
  ) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.recoveryMs = options.recoveryMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    this.admit();
    return this.probe(operation);
  }

  /**
   * Runs `operation` whatever the state, and lets its outcome move the breaker: a health check
   * is itself the probe, so an open circuit must not stop it from seeing the dependency return
   * (waiting out the recovery time kept readiness failing for up to 30 s after the database was back).
   */
  async probe<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      this.succeeded();
      return result;
    } catch (error) {
      this.failed(error);
      throw error;
    }
  }

  snapshot(): BreakerSnapshot {
    // Report half-open as soon as the recovery time has passed, even before the next call.
    const state = this.state === "open" && this.recoveryElapsed() ? "half-open" : this.state;
    return {
      name: this.name,
      state,
      consecutiveFailures: this.consecutiveFailures,
      openedAt: this.openedAt === null ? null : new Date(this.openedAt).toISOString(),
      lastError: this.lastError,
      lastFailureAt: this.lastFailureAt === null ? null : new Date(this.lastFailureAt).toISOString(),
    };
  }

  private recoveryElapsed(): boolean {
    return this.openedAt !== null && this.now() - this.openedAt >= this.recoveryMs;
  }

  private admit(): void {
    if (this.state === "open" && this.recoveryElapsed()) this.state = "half-open";
    if (this.state === "open" || (this.state === "half-open" && this.probeInFlight)) {
      throw new CircuitOpenError(this.name, (this.openedAt ?? this.now()) + this.recoveryMs);
    }
    if (this.state === "half-open") this.probeInFlight = true;
  }

  private succeeded(): void {
    this.state = "closed";
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.probeInFlight = false;
  }

  private failed(error: unknown): void {
    this.consecutiveFailures++;
    this.lastError = error instanceof Error ? error.message : String(error);
    this.lastFailureAt = this.now();
    if (this.state === "half-open" || this.consecutiveFailures >= this.failureThreshold) {
      this.state = "open";
      this.openedAt = this.now();
    }
    this.probeInFlight = false;
  }
}
