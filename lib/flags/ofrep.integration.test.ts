import { OFREPWebProvider } from "@openfeature/ofrep-web-provider";
import { OpenFeature } from "@openfeature/web-sdk";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import * as flagsRoute from "@/app/api/admin/feature-flags/route";
import * as ofrepBulk from "@/app/ofrep/v1/evaluate/flags/route";
import * as ofrepSingle from "@/app/ofrep/v1/evaluate/flags/[key]/route";
import { bucketOf } from "@/lib/flags/evaluate";
import { FeatureFlagManager } from "@/lib/flags/sdk";
import { startInstance, type Instance } from "@/scripts/test/instances";
import { call, tokenFor } from "@/scripts/test/requests";

let token: string;
let instance: Instance;

beforeAll(async () => {
  token = await tokenFor("viewer");
  const admin = await tokenFor("admin");
  const flags = [
    { name: "ofrep_disabled", enabled: false },
    { name: "ofrep_static", enabled: true },
    { name: "ofrep_split", enabled: true, rolloutPercentage: 50 },
    { name: "ofrep_targeted", enabled: true, rolloutPercentage: 0, targetUsers: ["admin1"], metadata: { owner: "auth" } },
    { name: "ofrep_excluded", enabled: true, rolloutPercentage: 100, excludedUsers: ["tester1"] },
  ];
  for (const body of flags) expect((await call(flagsRoute.POST, { token: admin, body })).status).toBe(201);
  instance = await startInstance({ DATABASE_URL: inject("databaseUrl") });
});

afterAll(async () => {
  await OpenFeature.close();
  await instance?.stop();
});

const single = (key: string, body: unknown, headers: Record<string, string> = { "x-api-key": token }) =>
  call(ofrepSingle.POST, { path: `/ofrep/v1/evaluate/flags/${key}`, params: { key }, rawBody: typeof body === "string" ? body : JSON.stringify(body), headers });

describe("OFREP single evaluation", () => {
  it("answers value, variant and the OpenFeature reason, with X-API-Key or Bearer", async () => {
    expect((await single("ofrep_disabled", { context: { targetingKey: "u1" } })).json).toMatchObject({ key: "ofrep_disabled", value: false, reason: "DISABLED", variant: "off" });
    expect((await single("ofrep_static", { context: {} })).json).toMatchObject({ value: true, reason: "STATIC" });
    const split = await single("ofrep_split", { context: { targetingKey: "user123" } }, { authorization: `Bearer ${token}` });
    expect(split.json).toMatchObject({ reason: "SPLIT", value: bucketOf("ofrep_split", "user123") < 50 });
    expect((await single("ofrep_targeted", { context: { targetingKey: "admin1" } })).json).toMatchObject({
      value: true,
      reason: "TARGETING_MATCH",
      metadata: { owner: "auth", version: 1 },
    });
  });

  it("answers off for an excluded user of a flag at 100 %, as a targeting match", async () => {
    expect((await single("ofrep_excluded", { context: { targetingKey: "tester1" } })).json).toMatchObject({ value: false, variant: "off", reason: "TARGETING_MATCH" });
    expect((await single("ofrep_excluded", { context: { targetingKey: "user123" } })).json).toMatchObject({ value: true, variant: "on" });
  });

  it("answers OFREP's error codes", async () => {
    expect(await single("nope", { context: { targetingKey: "u" } })).toMatchObject({ status: 404, json: { key: "nope", errorCode: "FLAG_NOT_FOUND" } });
    expect(await single("ofrep_split", { context: {} })).toMatchObject({ status: 400, json: { errorCode: "TARGETING_KEY_MISSING" } });
    expect(await single("ofrep_split", { context: { targetingKey: 42 } })).toMatchObject({ status: 400, json: { errorCode: "INVALID_CONTEXT" } });
    expect(await single("ofrep_split", { context: { targetingKey: "u", env: "moon" } })).toMatchObject({ status: 400, json: { errorCode: "INVALID_CONTEXT" } });
    expect(await single("ofrep_split", "{not json")).toMatchObject({ status: 400, json: { errorCode: "PARSE_ERROR" } });
    expect((await single("ofrep_split", { context: { targetingKey: "u" } }, {})).status).toBe(401);
  });
});

describe("OFREP bulk evaluation", () => {
  it("evaluates every flag and answers 304 to a matching If-None-Match", async () => {
    const body = JSON.stringify({ context: { targetingKey: "admin1" } });
    const first = await call(ofrepBulk.POST, { rawBody: body, headers: { "x-api-key": token } });
    expect(first.status).toBe(200);
    const keys = first.json.flags.map((f: { key: string }) => f.key);
    expect(keys).toEqual(expect.arrayContaining(["ofrep_disabled", "ofrep_static", "ofrep_split", "ofrep_targeted"]));
    const etag = first.headers.get("etag") as string;
    expect((await call(ofrepBulk.POST, { rawBody: body, headers: { "x-api-key": token, "if-none-match": etag } })).status).toBe(304);
    const other = await call(ofrepBulk.POST, { rawBody: JSON.stringify({ context: { targetingKey: "u2" } }), headers: { "x-api-key": token, "if-none-match": etag } });
    expect(other.status).toBe(200);
  });

  it("works with the OpenFeature web SDK and its OFREP provider", async () => {
    await OpenFeature.setContext({ targetingKey: "admin1" });
    await OpenFeature.setProviderAndWait(
      new OFREPWebProvider({
        baseUrl: instance.url,
        headers: [["Authorization", `Bearer ${token}`]],
        cacheMode: "disabled",
        changeDetection: "none",
        disableVisibilityRefresh: true,
      }),
    );
    const client = OpenFeature.getClient();
    expect(client.getBooleanDetails("ofrep_targeted", false)).toMatchObject({ value: true, reason: "TARGETING_MATCH", variant: "on" });
    expect(client.getBooleanDetails("ofrep_disabled", true)).toMatchObject({ value: false, reason: "DISABLED" });
    expect(client.getBooleanValue("ofrep_split", false)).toBe(bucketOf("ofrep_split", "admin1") < 50);
    expect(client.getBooleanDetails("missing_flag", true)).toMatchObject({ value: true, errorCode: "FLAG_NOT_FOUND" });
  });
});

describe("the TypeScript SDK", () => {
  it("turns an excluded user off locally, with the server's reason", async () => {
    const sdk = new FeatureFlagManager({ baseUrl: instance.url, token, stream: false, pollIntervalMs: 60_000 });
    try {
      await sdk.ready();
      expect(sdk.evaluate("ofrep_excluded", "tester1")).toEqual({ enabled: false, reasonCode: "user_excluded", reason: "user excluded" });
      expect(sdk.isEnabled("ofrep_excluded", "user123")).toBe(true);
    } finally {
      sdk.close();
    }
  });
});
