import { defineEndpoint } from "@/lib/api/endpoint";
import { ruleFor } from "@/lib/ratelimit/bucket";
import { rateLimitConfigPatchSchema } from "@/lib/ratelimit/config";
import {
  attemptOutcomeSchema,
  emailQuerySchema,
  loginAttemptSchema,
  loginStateQuerySchema,
  loginStateSchema,
  storedConfigSchema,
  threatsQuerySchema,
  threatsSchema,
  unlockResultSchema,
} from "@/lib/ratelimit/schemas";

const unavailable = { 503: "The rate limiter's store (Redis) is unreachable" };

export const rateLimitEndpoints = {
  user: defineEndpoint({
    method: "GET",
    path: "/api/admin/ratelimit/user",
    access: "viewer",
    summary: "Lockout state of one email (the false-positive runbook's first step)",
    description:
      "While the `rate-limiter` flag is off for the email (evaluated with the email as user id, in `env`, default production), the email is not locked and `reason` says why.",
    tags: ["Rate limits"],
    query: loginStateQuerySchema,
    response: loginStateSchema,
    otherResponses: unavailable,
  }),
  unlock: defineEndpoint({
    method: "POST",
    path: "/api/admin/ratelimit/unlock",
    access: "operator",
    summary: "Lift an email's lock (audited); a clear no-op answer when it is not locked",
    tags: ["Rate limits"],
    query: emailQuerySchema,
    response: unlockResultSchema,
    otherResponses: unavailable,
  }),
  threats: defineEndpoint({
    method: "GET",
    path: "/api/admin/ratelimit/threats",
    access: "viewer",
    summary: "Attack statistics over a window: top emails, IPs and departments by failures; lockouts per hour",
    description: "`window` is one of 1h, 6h, 24h (default), 7d; `limit` caps each top list (default 10). The alert line is 10 lockouts an hour.",
    tags: ["Rate limits"],
    query: threatsQuerySchema,
    response: threatsSchema,
  }),
  config: defineEndpoint({
    method: "GET",
    path: "/api/admin/ratelimit/config",
    access: "viewer",
    summary: "The lockout policy and API limits every instance applies",
    tags: ["Rate limits"],
    response: storedConfigSchema,
  }),
  updateConfig: defineEndpoint({
    method: "POST",
    path: "/api/admin/ratelimit/config",
    access: "admin",
    summary: "Change the lockout policy or API limits (audited; applied by every instance at once)",
    description:
      "Send any subset, e.g. `{\"lockDurationMinutes\": 30}`. In `routeLimits` and `tokenPlans`, `null` removes an entry. Unknown keys, routes or tokens and out-of-range values are refused and nothing changes.",
    tags: ["Rate limits"],
    body: rateLimitConfigPatchSchema,
    response: storedConfigSchema,
  }),
  reportAttempt: defineEndpoint({
    method: "POST",
    path: "/api/ratelimit/login-attempts",
    access: "operator",
    summary: "A service reports a login attempt; the answer says whether the email is (now) locked",
    description:
      "Check `GET /api/admin/ratelimit/user` before verifying a password, then report the outcome here. `wasLocked: true` means the email was locked and the attempt was not counted; refuse the login. Email-based limiting follows the `rate-limiter` flag, evaluated with the email as user id in `env` (default production): where it is off, attempts are neither counted nor refused, and `reason` says so. No such flag: limiting applies.",
    tags: ["Rate limits"],
    body: loginAttemptSchema,
    response: attemptOutcomeSchema,
    // Every login of every reporting service passes here.
    rateLimit: ruleFor(1_200, 60, 300),
  }),
};
