import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, devLoginEnabled, parseConfig } from "@/lib/config";

describe("configuration", () => {
  it("applies the embedded defaults when nothing is set", () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBeUndefined();
    // Seed 002's trace retention.
    expect(config.TRACES_RETENTION_DAYS).toBe(30);
  });

  it("names the variable and what it expects when a value is bad", () => {
    expect(() => parseConfig({ DATABASE_URL: "mysql://x" })).toThrowError(/DATABASE_URL: expected a postgres/);
    expect(() => parseConfig({ PORT: "eighty" })).toThrowError(ConfigError);
    expect(() => parseConfig({ REDIS_URL: "http://x" })).toThrowError(/REDIS_URL/);
    expect(() => parseConfig({ INFLUXDB_TOKEN: "t", INFLUXDB_USERNAME: "u" })).toThrowError(/not both/);
  });

  it("parses the OIDC role map and explains a bad one", () => {
    const config = parseConfig({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s", OIDC_ROLE_MAP: "ops=operator" });
    expect(config.OIDC_ROLE_MAP).toEqual({ ops: "operator" });
    expect(config.OIDC_SCOPES).toBe("openid profile email groups");
    expect(config.SESSION_MAX_AGE_SECONDS).toBe(8 * 3600);
    expect(() => parseConfig({ OIDC_ROLE_MAP: "ops=root" })).toThrowError(/OIDC_ROLE_MAP: "ops=root": the role must be/);
    expect(() => parseConfig({ OIDC_ISSUER: "https://idp.example", OIDC_ROLE_MAP: "ops=admin" })).toThrowError(/OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
  });

  it("turns the development sign-in on only without an issuer, and refuses it in production unless asked for", () => {
    expect(devLoginEnabled(parseConfig({}))).toBe(true);
    expect(devLoginEnabled(parseConfig({ OPSDECK_DEV_LOGIN: "false" }))).toBe(false);
    const sso = { OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s", OIDC_ROLE_MAP: "ops=admin" };
    expect(devLoginEnabled(parseConfig({ ...sso, OPSDECK_DEV_LOGIN: "true" }))).toBe(false);
    const secret = "x".repeat(40);
    expect(() => parseConfig({ NODE_ENV: "production", AUTH_SECRET: secret })).toThrowError(/OPSDECK_DEV_LOGIN=true/);
    expect(devLoginEnabled(parseConfig({ NODE_ENV: "production", AUTH_SECRET: secret, OPSDECK_DEV_LOGIN: "true" }))).toBe(true);
    expect(devLoginEnabled(parseConfig({ NODE_ENV: "production", AUTH_SECRET: secret, OPSDECK_DEV_LOGIN: "false" }))).toBe(false);
    expect(() => parseConfig({ NODE_ENV: "production", OPSDECK_DEV_LOGIN: "true" })).toThrowError(/AUTH_SECRET: required/);
    expect(devLoginEnabled(parseConfig({ ...sso, NODE_ENV: "production", AUTH_SECRET: secret }))).toBe(false);
  });

  it("lists every variable in .env.example", () => {
    const example = readFileSync(".env.example", "utf8");
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(configSchema.shape).sort());
  });
});
