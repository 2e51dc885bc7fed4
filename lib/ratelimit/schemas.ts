import { z } from "zod";
import { environmentSchema } from "@/lib/flags/schemas";
import { rateLimitSettingsSchema } from "@/lib/ratelimit/config";
import { normaliseEmail } from "@/lib/ratelimit/lockout";

/** Shared by the API, the pages' forms and the OpenAPI document. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, "an email address has at most 254 characters")
  .pipe(z.email("not an email address"))
  .transform(normaliseEmail);

/**
 * In a query string an unencoded `+` arrives as a space (`curl ...?email=a+b@example.com`); an
 * address cannot contain a bare space, so reading it back as `+` is safe.
 */
export const emailQuerySchema = z
  .object({
    email: z
      .string()
      .transform((value) => value.trim().replaceAll(" ", "+"))
      .pipe(emailSchema),
  })
  .strict();

const loginEnvSchema = environmentSchema
  .default("production")
  .describe("The environment the `rate-limiter` flag is evaluated in for this email (default production)");

export const loginStateQuerySchema = emailQuerySchema.extend({ env: loginEnvSchema }).strict();

export const loginStateSchema = z
  .object({
    isLocked: z.boolean(),
    lockedUntil: z.iso.datetime().nullable(),
    reason: z
      .string()
      .nullable()
      .describe(
        'Why the email is locked, e.g. "5 failed attempts within 15 minutes"; when the `rate-limiter` flag is off for the email, why it is not limited',
      ),
    failedAttempts: z.number().int().describe("Failures in the current window, or the failures that caused the lock"),
  })
  .meta({ id: "LoginState" });
export type LoginStateView = z.infer<typeof loginStateSchema>;

export const unlockResultSchema = z
  .object({
    email: z.string(),
    unlocked: z.boolean().describe("false: the email was not locked and nothing changed"),
    message: z.string(),
    state: loginStateSchema,
  })
  .meta({ id: "UnlockResult" });
export type UnlockResult = z.infer<typeof unlockResultSchema>;

export const loginAttemptSchema = z
  .object({
    email: emailSchema,
    success: z.boolean(),
    ip: z.union([z.ipv4(), z.ipv6()]).optional().describe("The client address the attempt came from"),
    department: z.string().trim().min(1).max(100).optional(),
    service: z.string().trim().min(1).max(100).optional().describe("The reporting service"),
    env: loginEnvSchema,
  })
  .strict()
  .meta({ id: "LoginAttempt" });
export type LoginAttemptInput = z.infer<typeof loginAttemptSchema>;
/** What a service sends (`env` may be left out). */
export type LoginAttemptReport = z.input<typeof loginAttemptSchema>;

export const attemptOutcomeSchema = loginStateSchema
  .extend({
    lockedNow: z.boolean().describe("This attempt locked the email"),
    wasLocked: z.boolean().describe("The email was already locked: refuse the login without checking the password"),
  })
  .meta({ id: "LoginAttemptOutcome" });

export const THREAT_WINDOWS = { "1h": 1, "6h": 6, "24h": 24, "7d": 168 } as const;
export type ThreatWindow = keyof typeof THREAT_WINDOWS;
/** Seed 000's monitoring rule: alert when lockouts exceed 10 an hour. */
export const LOCKOUT_ALERT_PER_HOUR = 10;

export const threatsQuerySchema = z
  .object({
    window: z.enum(Object.keys(THREAT_WINDOWS) as [ThreatWindow, ...ThreatWindow[]]).default("24h"),
    limit: z.coerce.number().int().min(1).max(100).default(10),
  })
  .strict();

const tally = { failures: z.number().int(), lockouts: z.number().int() };
export const threatsSchema = z
  .object({
    window: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    alertThresholdPerHour: z.number().int(),
    totals: z.object({ ...tally, attempts: z.number().int(), emails: z.number().int(), ips: z.number().int() }),
    topEmails: z.array(z.object({ email: z.string(), ...tally, lastAttemptAt: z.iso.datetime() })),
    topIps: z.array(z.object({ ip: z.string(), ...tally, emails: z.number().int() })),
    topDepartments: z.array(z.object({ department: z.string(), ...tally, emails: z.number().int() })),
    lockoutsPerHour: z.array(z.object({ hour: z.iso.datetime(), ...tally })),
  })
  .meta({ id: "RateLimitThreats" });
export type Threats = z.infer<typeof threatsSchema>;

export const storedConfigSchema = z
  .object({
    version: z.number().int().describe("0 while the defaults apply; each change adds one"),
    settings: rateLimitSettingsSchema,
    updatedAt: z.iso.datetime().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "RateLimitConfig" });
