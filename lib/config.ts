import { z } from "zod";
import { roleMapSchema } from "@/lib/auth/role-map";

/**
 * Every setting Opsdeck reads from the environment, in one zod schema.
 * `.env.example` lists the same variables; a test keeps the two in step.
 */
const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => ["true", "1", "yes"].includes(value));

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "expected a postgres:// or postgresql:// URL");

const port = z.coerce.number().int().min(1).max(65535);
// An IPv4 or IPv6 address or a host name: what the server binds to, nothing else (no scheme, no port).
const listenHost = z
  .string()
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/, "expected an address or host name to listen on, e.g. 127.0.0.1 or 0.0.0.0");

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: listenHost.default("127.0.0.1").describe("The address the web app listens on (0.0.0.0 in a container)"),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(3600).default(25).describe("How long SIGTERM waits for in-flight requests"),

  FLAG_EDGE_UPSTREAM_URL: z.string().url().optional().describe("The Opsdeck web app a flag edge follows"),
  FLAG_EDGE_TOKEN: z.string().min(1).optional().describe("An admin API token the flag edge reads flags and token hashes with"),
  FLAG_EDGE_PORT: port.default(3001),
  FLAG_EDGE_HOST: listenHost.default("127.0.0.1"),
  FLAG_EDGE_POLL_SECONDS: z.coerce.number().min(0.1).max(3600).default(5).describe("ETag polling interval while the change stream is down"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  EMBEDDED_PG_DATA_DIR: z.string().min(1).default(".data/postgres"),

  OPSDECK_DEMO: booleanFlag.optional(),
  API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  // Checked by a linear scan before JSON.parse, so a hostile body never makes parsing or validation recurse deep.
  JSON_MAX_DEPTH: z.coerce.number().int().min(8).max(512).default(64),
  JSON_MAX_ARRAY_ITEMS: z.coerce.number().int().min(100).max(10_000_000).default(10_000),

  REDIS_URL: z
    .string()
    .url()
    .refine((value) => /^rediss?:\/\//.test(value), "expected a redis:// or rediss:// URL")
    .optional(),
  RATE_LIMIT_FAIL_MODE: z.enum(["open", "closed"]).default("open"),
  RATE_LIMIT_ATTEMPT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),

  FLAGS_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  // How long flags and validated API tokens are served from memory while PostgreSQL is unreachable.
  STALE_WHILE_DATABASE_DOWN_SECONDS: z.coerce.number().int().min(0).max(86_400).default(900),

  INFLUXDB_URL: z.string().url().optional(),
  INFLUXDB_DATABASE: z.string().min(1).default("opsdeck"),
  INFLUXDB_RETENTION_POLICY: z.string().min(1).optional(),
  INFLUXDB_TOKEN: z.string().min(1).optional(),
  INFLUXDB_USERNAME: z.string().min(1).optional(),
  INFLUXDB_PASSWORD: z.string().min(1).optional(),

  /** Raw points; the rollup tiers keep their own (lib/metrics/rollup/). */
  METRICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  METRICS_MINUTE_ROLLUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  METRICS_HOUR_ROLLUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  METRICS_BUFFER_MAX_POINTS: z.coerce.number().int().min(1000).max(10_000_000).default(100_000),

  OIDC_ISSUER: z.string().url().optional(),

  ALERTS_EVALUATION_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  ALERTS_EVALUATOR: booleanFlag.default(true),
  ALERTMANAGER_URL: z.string().url().optional(),

  TRACES_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  TRACES_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(16 * 1024 * 1024),
  TRACES_JSON_MAX_ARRAY_ITEMS: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  TRACES_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  REQUEST_LOG_QUERY: z
    .string()
    .min(1)
    .max(1000)
    .refine((value) => value.includes("{requestId}"), "must contain {requestId}")
    .default(`jq -c 'select(.request_id == "{requestId}")' *.log`)
    .describe("The log query an incident shows for each of its request ids ({requestId} is replaced): a jq line, or your log system's query"),
  TRACE_SLOW_SPAN_MS: z.coerce
    .number()
    .min(0)
    .max(86_400_000)
    .default(100)
    .describe("The waterfall marks spans longer than this slow (amber, ⏱), apart from errors (seed 000: spans > 100 ms)"),
  OPSDECK_TRACE_EXPORT: booleanFlag.default(false),
  OTLP_GRPC_RECEIVER: booleanFlag.default(true).describe("Serve OTLP/gRPC TraceService/Export beside the web app"),
  // 0 takes any free port (the address is logged and shown in /api/health's tracing block).
  OTLP_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(4317),
  OTLP_GRPC_HOST: listenHost.optional().describe("The address the OTLP/gRPC receiver listens on; HOST when unset"),
  ROLLOUTS_TICK_SECONDS: z.coerce.number().min(1).max(3600).default(15).describe("How often the rollout evaluator looks at running plans"),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().min(1).default("openid profile email groups"),
  OIDC_ROLES_CLAIM: z.string().min(1).default("groups"),
  OIDC_ROLE_MAP: roleMapSchema.default({}),
  OPSDECK_DEV_LOGIN: booleanFlag.optional(),
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(8 * 3600),
  AUTH_SECRET: z.string().min(32, "use at least 32 characters (e.g. `openssl rand -base64 33`)").optional(),
  AUTH_URL: z.string().url().optional(),
  AUTH_TRUST_HOST: booleanFlag.default(true),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Opsdeck cannot start: invalid configuration\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment; blank values count as unset so `FOO=` in a .env file means "default". */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`),
    );
  }
  if (result.data.INFLUXDB_TOKEN && result.data.INFLUXDB_USERNAME) {
    throw new ConfigError(["INFLUXDB_TOKEN and INFLUXDB_USERNAME: set a token (2.x/3.x) or a username/password (1.x), not both"]);
  }
  const problems = authProblems(result.data);
  if (problems.length) throw new ConfigError(problems);
  return result.data;
}

/**
 * How people sign in must be unambiguous before anything starts: a production server needs a
 * signing secret, an issuer needs its client, and the development sign-in (anyone picks any
 * role) is refused in production unless someone asked for it by name.
 */
function authProblems(config: z.infer<typeof configSchema>): string[] {
  const problems: string[] = [];
  const production = config.NODE_ENV === "production";
  if (production && !config.AUTH_SECRET) problems.push("AUTH_SECRET: required when NODE_ENV=production (signs session cookies)");
  if (config.OIDC_ISSUER && (!config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET)) {
    problems.push("OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set");
  }
  if (config.OIDC_ISSUER && Object.keys(config.OIDC_ROLE_MAP).length === 0) {
    problems.push("OIDC_ROLE_MAP: required when OIDC_ISSUER is set (e.g. ops-admins=admin,ops=operator,staff=viewer)");
  }
  if (production && !config.OIDC_ISSUER && config.OPSDECK_DEV_LOGIN === undefined) {
    problems.push(
      "OIDC_ISSUER: unset with NODE_ENV=production; set an OpenID Connect issuer, or OPSDECK_DEV_LOGIN=true to allow the development sign-in (anyone may pick any role), or OPSDECK_DEV_LOGIN=false for API tokens only",
    );
  }
  return problems;
}

/** The development sign-in is on only without an issuer, and in production only when asked for. */
export function devLoginEnabled(config: Config): boolean {
  if (config.OIDC_ISSUER) return false;
  return config.OPSDECK_DEV_LOGIN ?? config.NODE_ENV !== "production";
}

/**
 * The flag edge's settings: only what it reads (it has no database and no sign-in, so the web
 * app's production rules do not apply), and the upstream it follows is required.
 */
export const edgeConfigSchema = configSchema
  .pick({
    NODE_ENV: true,
    LOG_LEVEL: true,
    API_BODY_LIMIT_BYTES: true,
    JSON_MAX_DEPTH: true,
    JSON_MAX_ARRAY_ITEMS: true,
    REDIS_URL: true,
    RATE_LIMIT_FAIL_MODE: true,
    SHUTDOWN_TIMEOUT_SECONDS: true,
    FLAG_EDGE_PORT: true,
    FLAG_EDGE_HOST: true,
    FLAG_EDGE_POLL_SECONDS: true,
  })
  .extend({
    FLAG_EDGE_UPSTREAM_URL: z.string({ error: "required: the Opsdeck web app's URL, e.g. http://opsdeck:3000" }).url(),
    FLAG_EDGE_TOKEN: z.string({ error: "required: an admin API token (npm run token:create -- --role admin)" }).min(1),
  });

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;

export function parseEdgeConfig(env: Record<string, string | undefined>): EdgeConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = edgeConfigSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`));
  }
  return result.data;
}

let cached: Config | undefined;

/** The process's configuration, parsed once. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfigForTests(): void {
  cached = undefined;
}
