/**
 * The rate-limit SDK for services written in TypeScript: the same limiter Opsdeck runs, in the
 * service's own process, on the service's Redis (or memory), plus a reporter that sends login
 * attempts to Opsdeck so its lockout and threats views see them.
 *
 *   const limiter = createRateLimiter({ redisUrl: process.env.REDIS_URL });
 *   const decision = await limiter.limit(`search:${userId}`, { requests: 30, perSeconds: 60, burst: 10 });
 *   if (!decision.allowed) return tooManyRequests(decision.retryAfterSeconds);
 *
 *   const opsdeck = opsdeckLoginReporter({ baseUrl: "https://opsdeck.internal", token });
 *   if ((await opsdeck.state(email)).isLocked) return refuse();
 *   const outcome = await opsdeck.report({ email, success: passwordOk, ip, department });
 */
import { Redis } from "@/lib/ioredis";
import { type RateLimitDecision, ruleFor } from "@/lib/ratelimit/bucket";
import { DEFAULT_SETTINGS, lockoutPolicy } from "@/lib/ratelimit/config";
import type { AttemptOutcome, LockoutPolicy, LoginState } from "@/lib/ratelimit/lockout";
import type { LoginAttemptReport } from "@/lib/ratelimit/schemas";
import { memoryRateLimitStore } from "@/lib/ratelimit/store/memory";
import { redisRateLimitStore } from "@/lib/ratelimit/store/redis";

export interface LimitRule {
  /** Requests allowed per `perSeconds`, sustained. */
  requests: number;
  perSeconds: number;
  /** Extra requests allowed at once on top. */
  burst?: number;
}

export interface RateLimiterOptions {
  /** Unset: state in this process's memory. */
  redisUrl?: string;
  /** Key prefix, so several services can share one Redis. */
  prefix?: string;
  /** Default: seed 000's 5 failures in 15 minutes lock for 15 minutes. */
  lockout?: LockoutPolicy;
}

export function createRateLimiter(options: RateLimiterOptions = {}) {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
  redis?.on("error", () => undefined);
  const store = redis ? redisRateLimitStore(redis, options.prefix ?? "ratelimit:") : memoryRateLimitStore();
  const policy = options.lockout ?? lockoutPolicy(DEFAULT_SETTINGS);
  return {
    limit: (key: string, rule: LimitRule): Promise<RateLimitDecision> => store.take([{ key, rule: ruleFor(rule.requests, rule.perSeconds, rule.burst) }]),
    recordLogin: (email: string, success: boolean): Promise<AttemptOutcome> => store.recordLoginAttempt(email, success, policy),
    loginState: (email: string): Promise<LoginState> => store.loginState(email, policy),
    unlock: (email: string): Promise<boolean> => store.unlock(email),
    close: () => redis?.disconnect(),
  };
}

/** Sends a service's login attempts to Opsdeck (an operator token) and asks for an email's lock state. */
export function opsdeckLoginReporter({ baseUrl, token }: { baseUrl: string; token: string }) {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await fetch(new URL(path, baseUrl), { ...init, headers });
    if (!response.ok) throw new Error(`Opsdeck answered ${response.status} to ${path}: ${await response.text()}`);
    return (await response.json()) as T;
  }
  return {
    report: (attempt: LoginAttemptReport) => call<AttemptOutcome>("/api/ratelimit/login-attempts", { method: "POST", body: JSON.stringify(attempt) }),
    state: (email: string) => call<LoginState>(`/api/admin/ratelimit/user?email=${encodeURIComponent(email)}`),
  };
}
