import { describe, expect, it } from "vitest";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { filterFlags, isStale, needsConfirmation, parseMetadata, parseUserList } from "@/lib/flags/view";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const flag = (overrides: Partial<FeatureFlag>): FeatureFlag => ({
  name: "f",
  description: "",
  enabled: true,
  rolloutPercentage: 100,
  targetUsers: [],
  excludedUsers: [],
  targetEnvironments: [],
  metadata: {},
  version: 1,
  createdAt: "2026-01-01T00:00:00Z",
  lastUpdated: "2026-11-20T00:00:00Z",
  lastUpdatedBy: "x",
  archived: false,
  ...overrides,
});

describe("flag list helpers", () => {
  it("marks fully rolled-out flags untouched for 30 days as stale, and nothing else", () => {
    expect(isStale(flag({ lastUpdated: "2026-10-01T00:00:00Z" }), NOW)).toBe(true);
    expect(isStale(flag({ lastUpdated: "2026-11-20T00:00:00Z" }), NOW)).toBe(false);
    expect(isStale(flag({ lastUpdated: "2026-10-01T00:00:00Z", rolloutPercentage: 50 }), NOW)).toBe(false);
  });

  it("filters by text, environment and state", () => {
    const flags = [
      flag({ name: "saga", description: "documents" }),
      flag({ name: "auth", rolloutPercentage: 50, targetEnvironments: ["staging"] }),
      flag({ name: "off", enabled: false }),
    ];
    const names = (f: Parameters<typeof filterFlags>[1]) => filterFlags(flags, f, NOW).map((x) => x.name);
    expect(names({ q: "DOCU", env: "all", state: "all" })).toEqual(["saga"]);
    expect(names({ q: "", env: "production", state: "all" })).toEqual(["saga", "off"]);
    expect(names({ q: "", env: "all", state: "partial" })).toEqual(["auth"]);
    expect(names({ q: "", env: "all", state: "off" })).toEqual(["off"]);
  });

  it("asks to confirm jumps over 25 points or to 100 %", () => {
    expect(needsConfirmation(10, 35)).toBe(false);
    expect(needsConfirmation(10, 50)).toBe(true);
    expect(needsConfirmation(90, 100)).toBe(true);
    expect(needsConfirmation(50, 0)).toBe(true);
  });

  it("parses the editors' text", () => {
    expect(parseMetadata('{"owner":"auth"}')).toEqual({ ok: true, value: { owner: "auth" } });
    expect(parseMetadata("[1]")).toMatchObject({ ok: false });
    expect(parseMetadata("{oops")).toMatchObject({ ok: false });
    expect(parseUserList("admin1, admin2\n\nadmin1")).toEqual(["admin1", "admin2"]);
  });
});
