import { createParser } from "eventsource-parser";
import { type Environment, evaluateAll, evaluateFlag, type Evaluation } from "@/lib/flags/evaluate";
import type { FeatureFlag, FlagPatch, FlagSnapshotBody } from "@/lib/flags/schemas";
import { noteVariant, runInRequestScope } from "@/lib/flags/sdk/request-flags";

/**
 * Seed 000's FeatureFlagManager for services: fetches the flag set once, evaluates locally (no
 * network call per check, same code as the server), and follows changes over Opsdeck's
 * server-sent-events stream. While the stream is down it polls with If-None-Match (a 304 costs
 * almost nothing) and keeps reconnecting the stream.
 *
 *   const flags = new FeatureFlagManager({ baseUrl, token, environment: "production" });
 *   await flags.ready();
 *   if (flags.isEnabled("priority_1_3_constant_time_auth", userId)) { … }
 *
 * Inside `flags.withRequest(handler)`, the answers for flags under a release plan also tag every
 * point `Metrics` records in that request (`ff.<flag>` = on | off), so the plan's metric guards
 * can compare the users who got the flag with those who did not:
 *
 *   app.use((req, res, next) => flags.withRequest(next));
 */
export interface FeatureFlagManagerOptions {
  baseUrl: string;
  token: string;
  /** Used when a call names no environment. */
  environment?: Environment;
  /** Polling interval while the stream is down (default 5 s). */
  pollIntervalMs?: number;
  /** Follow the SSE stream (default true); false polls only. */
  stream?: boolean;
  fetch?: typeof fetch;
}

export type ChangeListener = (flags: FeatureFlag[]) => void;

export class FeatureFlagManager {
  private flags = new Map<string, FeatureFlag>();
  /** Flags under a running or paused release plan, as the snapshot names them. */
  private guarded = new Set<string>();
  private etag: string | null = null;
  private readonly listeners = new Set<ChangeListener>();
  private readonly abort = new AbortController();
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private streamConnected = false;
  private readonly started: Promise<void>;
  private readonly fetcher: typeof fetch;

  constructor(private readonly options: FeatureFlagManagerOptions) {
    this.fetcher = options.fetch ?? fetch;
    this.started = this.poll().then(() => {
      if (options.stream !== false) void this.followStream();
      else this.schedulePoll();
    });
  }

  /** Resolves once the first flag set has arrived (rejects if it could not be fetched). */
  ready(): Promise<void> {
    return this.started;
  }

  isEnabled(feature: string, userId?: string, env?: Environment): boolean {
    return this.evaluate(feature, userId, env).enabled;
  }

  /** isEnabled with its reason; an unknown flag is off. */
  evaluate(feature: string, userId?: string, env?: Environment): Evaluation {
    const flag = this.flags.get(feature);
    if (!flag) return { enabled: false, reasonCode: "disabled", reason: "unknown flag" };
    const result = evaluateFlag(flag, userId, env ?? this.options.environment);
    if (this.guarded.has(feature)) noteVariant(feature, result);
    return result;
  }

  evaluateFlags(userId: string, env?: Environment): Record<string, boolean> {
    const all = evaluateAll(this.flags.values(), userId, env ?? this.options.environment);
    return Object.fromEntries(
      Object.entries(all).map(([name, result]) => {
        if (this.guarded.has(name)) noteVariant(name, result);
        return [name, result.enabled];
      }),
    );
  }

  /**
   * Runs one request's handler in its own scope: the variants of guarded flags it evaluates tag the
   * metric points it records (see lib/flags/sdk/request-flags.ts). Returns what the handler returns.
   */
  withRequest<T>(handler: () => T): T {
    return runInRequestScope(handler);
  }

  /** The flags whose answers tag metric points: those under a running or paused release plan. */
  guardedFlags(): string[] {
    return [...this.guarded];
  }

  /** Changes a flag through the admin API (needs an operator token); the stream brings it back. */
  async updateFlag(name: string, config: FlagPatch & { version?: number }): Promise<FeatureFlag> {
    const response = await this.request(`/api/admin/feature-flags/${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(config),
    });
    const body = (await response.json()) as { flag?: FeatureFlag; error?: { message: string } };
    if (!response.ok || !body.flag) throw new Error(`updateFlag ${name}: ${response.status} ${body.error?.message ?? ""}`);
    this.apply([...this.flags.values()].map((flag) => (flag.name === name ? (body.flag as FeatureFlag) : flag)), null, [...this.guarded]);
    return body.flag;
  }

  getFlag(name: string): FeatureFlag | null {
    return this.flags.get(name) ?? null;
  }

  getAll(): FeatureFlag[] {
    return [...this.flags.values()];
  }

  /** Called with the whole set after every change; returns the function that unsubscribes. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.abort.abort();
    if (this.pollTimer) clearTimeout(this.pollTimer);
  }

  private request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${this.options.token}`);
    return this.fetcher(new URL(path, this.options.baseUrl), { ...init, headers, signal: this.abort.signal });
  }

  private apply(flags: FeatureFlag[], etag: string | null, guarded: string[]): void {
    this.flags = new Map(flags.map((flag) => [flag.name, flag]));
    this.guarded = new Set(guarded);
    if (etag) this.etag = etag;
    for (const listener of this.listeners) listener(this.getAll());
  }

  private async poll(): Promise<void> {
    const response = await this.request("/api/flags", { headers: this.etag ? { "If-None-Match": this.etag } : {} });
    if (response.status === 304) return;
    if (!response.ok) throw new Error(`Fetching flags failed: ${response.status}`);
    const body = (await response.json()) as FlagSnapshotBody;
    // An Opsdeck from before release plans sends no guarded list: nothing to tag.
    this.apply(body.flags, body.etag, body.guarded ?? []);
  }

  private schedulePoll(): void {
    if (this.abort.signal.aborted || this.streamConnected || this.pollTimer) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.poll()
        .catch(() => undefined)
        .finally(() => this.schedulePoll());
    }, this.options.pollIntervalMs ?? 5_000);
  }

  private async followStream(): Promise<void> {
    let backoffMs = 500;
    while (!this.abort.signal.aborted) {
      try {
        const response = await this.request("/api/flags/stream", { headers: { Accept: "text/event-stream" } });
        if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
        this.streamConnected = true;
        backoffMs = 500;
        const parser = createParser({
          onEvent: (event) => {
            if (event.event !== "flags") return;
            const body = JSON.parse(event.data) as FlagSnapshotBody;
            if (body.etag !== this.etag) this.apply(body.flags, body.etag, body.guarded ?? []);
          },
        });
        const decoder = new TextDecoder();
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // Fall through: poll until the stream is back.
      }
      this.streamConnected = false;
      if (this.abort.signal.aborted) return;
      this.schedulePoll();
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
  }
}
