import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, parseConfig } from "@/lib/config";

describe("configuration", () => {
  it("applies the embedded defaults when nothing is set", () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBeUndefined();
  });

  it("names the variable and what it expects when a value is bad", () => {
    expect(() => parseConfig({ DATABASE_URL: "mysql://x" })).toThrowError(/DATABASE_URL: expected a postgres/);
    expect(() => parseConfig({ PORT: "eighty" })).toThrowError(ConfigError);
    expect(() => parseConfig({ REDIS_URL: "http://x" })).toThrowError(/REDIS_URL/);
    expect(() => parseConfig({ INFLUXDB_TOKEN: "t", INFLUXDB_USERNAME: "u" })).toThrowError(/not both/);
  });

  it("lists every variable in .env.example", () => {
    const example = readFileSync(".env.example", "utf8");
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(configSchema.shape).sort());
  });
});
