/* eslint-disable @typescript-eslint/no-explicit-any -- walks the OpenAPI document, which is untyped JSON */
import { writeFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import { expect, test, tokenFor } from "./fixtures";

/**
 * Schema-driven fuzzing of every operation in /api/openapi.json on the production build: inputs
 * generated from the document's own schemas, valid ones and hostile mutations of them. Asserts no
 * 5xx, every 4xx in the shape the document names for it (Opsdeck's, OFREP's or OTLP's), no status
 * the document does not list, and that stored flags and tokens changed only through requests that
 * were answered 2xx. FUZZ_RUNS (default 20 per operation) and FUZZ_SEED replay or lengthen a run:
 *   FUZZ_RUNS=500 FUZZ_SEED=1234 E2E_PORT=3200 npx playwright test e2e/fuzz.spec.ts --project fuzz
 *
 * Left out, and why:
 * - Event streams (GET /api/flags/stream, GET /api/edge/access/stream: any operation answering
 *   text/event-stream): a stream never ends; their inputs are those of the documents they stream.
 * - POST /api/admin/ratelimit/config: a valid write of a low limit would turn the rest of the run
 *   into 429s; the suite itself lifts the default limit for its run and restores it afterwards.
 * The run goes last (its own Playwright project, after the others), so valid writes — flags it
 * creates, an emergency rollback of names it generated — cannot disturb another spec.
 */
test.use({ storageState: { cookies: [], origins: [] } });

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const EXCLUDED = new Set(["POST /api/admin/ratelimit/config"]);
const isEventStream = (operation: Operation) => Object.values<Schema>(operation.spec.responses ?? {}).some((response) => "text/event-stream" in (response.content ?? {}));

type Schema = Record<string, any>;
type Operation = { method: string; path: string; spec: Schema };

interface FuzzRequest {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** An odd path segment may leave the operation for the catch-all's JSON 404. */
  pathMutated: boolean;
}

let components: Record<string, Schema> = {};
const deref = (schema: Schema): Schema => (schema?.$ref ? deref(components[schema.$ref.split("/").pop()] as Schema) : (schema ?? {}));

// ---------------------------------------------------------------------------------------------
// Valid values, from a JSON Schema of the document.

const isoDate = fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-01-01T00:00:00Z"), noInvalidDate: true }).map((date) => date.toISOString());

function stringFor(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === "date-time") return isoDate;
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "email") return fc.emailAddress();
  if (schema.format === "ipv4") return fc.ipV4();
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity));
    } catch {
      // a pattern fast-check cannot generate from: plain strings (mostly refused, which is also a case)
    }
  }
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.max(maxLength, schema.minLength ?? 0) });
}

function valid(raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(raw);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ("const" in schema) return fc.constant(schema.const);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice: Schema) => valid(choice, depth + 1)));
  if (schema.allOf) return valid(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((candidate: string) => candidate !== "null") : schema.type;
  switch (type) {
    case "string":
      return stringFor(schema);
    case "integer": {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
      return fc.integer({ min, max: Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER) });
    }
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "array":
      if (depth > 4) return fc.constant([]);
      return fc.array(valid(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(Math.min(schema.maxItems ?? 3, 3), schema.minItems ?? 0) });
    case "object": {
      if (depth > 4) return fc.constant({});
      const properties = Object.fromEntries(Object.entries<Schema>(schema.properties ?? {}).map(([key, value]) => [key, valid(value, depth + 1)]));
      const record = fc.record(properties, { requiredKeys: schema.required ?? [] });
      if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
        const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), valid(schema.additionalProperties, depth + 1), { maxKeys: 3 });
        return fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known }));
      }
      return record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values and mutations.

const ODD_STRINGS = [
  "\u0000", "a\u0000b", "\ud800", "x\udfff", "\u202Egnp.exe", "\u05E9\u05DC\u05D5\u05DD", "e\u0301\u0302\u0303", "\uFEFF", "\u{1F600}".repeat(300),
  "x".repeat(10_000), "", " ", "%zz", "<script>alert(1)</script>", "'; DROP TABLE feature_flags;--", "null", "1e308", "-1", "true", "{}",
];
const ODD_NUMBERS = [1e308, -1e308, 99999999999999999999999, -1, 0, 2 ** 31, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, 0.5, -0.0001];
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom(...ODD_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [[[[]]]], { a: { b: { c: "\u0000" } } }),
  fc.string({ unit: "binary", maxLength: 30 }),
);
const hostileQueryValue = fc.oneof(fc.constantFrom(...ODD_STRINGS.map(String), ...ODD_NUMBERS.map(String), "NaN", "Infinity", "1e400", "0x10"), fc.string({ maxLength: 20 }));
const ODD_SEGMENTS = ["%zz", "%", "%ff%fe", "%c0%ae", "%00", "%ED%A0%80", "x".repeat(5000), "%E2%80%AE", "a%2Fb", "%20", "-1", "99999999999999999999999", "0"];

const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const RAW_BODIES = ['{"a":', "{not json", "[]", "null", '"text"', "\u0000", deepJson(10_000), `[${"0,".repeat(20_000)}0]`, "\ud800", "x".repeat(100_000)];

type Mutation = (body: unknown) => { body?: unknown; raw?: string; contentType?: string };
const bodyMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), hostileValue).map(([index, value]): Mutation => (body) => {
    if (!body || typeof body !== "object" || Array.isArray(body)) return { body: value };
    const keys = Object.keys(body);
    if (keys.length === 0) return { body: { ...body, extra: value } };
    return { body: { ...body, [keys[index % keys.length] as string]: value } };
  }),
  fc.nat().map((index): Mutation => (body) => {
    if (!body || typeof body !== "object" || Array.isArray(body)) return { body: undefined };
    const keys = Object.keys(body);
    const copy: Record<string, unknown> = { ...body };
    delete copy[keys[index % Math.max(keys.length, 1)] as string];
    return { body: copy };
  }),
  fc.tuple(fc.constantFrom("extra", "__proto__", "constructor", "\u0000key"), hostileValue).map(([key, value]): Mutation => (body) => ({
    raw: JSON.stringify(body && typeof body === "object" && !Array.isArray(body) ? { ...body } : {}).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value) ?? "null"}${body && typeof body === "object" && Object.keys(body).length ? "," : ""}`),
  })),
  hostileValue.map((value): Mutation => () => ({ body: value })),
  fc.constantFrom(...RAW_BODIES).map((raw): Mutation => () => ({ raw })),
  fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x").map((contentType): Mutation => (body) => ({ body, contentType })),
);

// ---------------------------------------------------------------------------------------------
// Requests for one operation.

function requestArbitrary(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const parameters: Schema[] = operation.spec.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === "path");
  const queryParameters = parameters.filter((parameter) => parameter.in === "query");
  const asStrings = (list: Schema[]): Record<string, fc.Arbitrary<string>> =>
    Object.fromEntries(list.map((parameter) => [parameter.name as string, valid(parameter.schema).map(String)]));
  const pathValues: fc.Arbitrary<Record<string, string>> = fc.record(asStrings(pathParameters));
  const required: string[] = queryParameters.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  const queryValues = fc.record(asStrings(queryParameters), { requiredKeys: required as never[] }) as fc.Arbitrary<Record<string, string>>;
  const content: Record<string, Schema> = operation.spec.requestBody?.content ?? {};
  const contentType = Object.keys(content)[0];
  const bodySchema = contentType ? deref(content[contentType]?.schema) : undefined;
  const rawText = bodySchema?.type === "string";
  const bodyValue: fc.Arbitrary<unknown> = !bodySchema
    ? fc.constant(undefined)
    : rawText
      ? operation.path === "/v1/traces"
        ? otlpJson
        : operation.path.startsWith("/ofrep/")
          ? ofrepRequest
          : lineProtocol
      : valid(bodySchema);
  return fc
    .record({
      pathValues,
      queryValues,
      bodyValue,
      mutate: fc.oneof(
        { weight: 2, arbitrary: fc.constant("none" as const) },
        { weight: 1, arbitrary: fc.constant("path" as const) },
        { weight: 2, arbitrary: fc.constant("query" as const) },
        { weight: 4, arbitrary: fc.constant("body" as const) },
      ),
      segment: fc.constantFrom(...ODD_SEGMENTS),
      queryKey: fc.oneof(fc.constantFrom(...queryParameters.map((parameter) => parameter.name as string), "unknown"), fc.constant("extra")),
      queryValue: hostileQueryValue,
      bodyMutation,
      which: fc.nat(),
    })
    .map(({ pathValues: values, queryValues: query, bodyValue: value, mutate, segment, queryKey, queryValue, bodyMutation: mutation, which }) => {
      const pathMutated = mutate === "path" && pathParameters.length > 0;
      const target = pathParameters[which % Math.max(pathParameters.length, 1)]?.name;
      const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => (pathMutated && name === target ? segment : encodeURIComponent(values[name] as string)));
      const headers: Record<string, string> = { Authorization: `Bearer ${tokenFor("admin")}` };
      if (contentType) headers["Content-Type"] = contentType;
      let body: string | undefined;
      if (mutate === "query") query = { ...query, [queryKey]: queryValue };
      if (bodySchema) {
        if (mutate === "body") {
          const changed = rawText ? { raw: typeof value === "string" ? value.replace(/.$/, "\u0000") : "\u0000" } : mutation(value);
          body = changed.raw ?? (changed.body === undefined ? "" : JSON.stringify(changed.body));
          if (changed.contentType) headers["Content-Type"] = changed.contentType;
        } else body = typeof value === "string" ? value : JSON.stringify(value);
      }
      return { path, query: query as Record<string, string>, headers, body, pathMutated };
    });
}

const now = () => BigInt(Date.now()) * 1_000_000n;
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const otlpJson = fc
  .record({ traceId: hex(32), spanId: hex(16), name: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...ODD_STRINGS)), offset: fc.nat(60_000) })
  .map(({ traceId, spanId, name, offset }) => {
    const start = now() - BigInt(offset) * 1_000_000n;
    return JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: "fuzz" } }] }, scopeSpans: [{ spans: [{ traceId, spanId, name, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 1000n) }] }] }],
    });
  });
const ofrepRequest = fc
  .record({ targetingKey: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...ODD_STRINGS)), env: fc.constantFrom("dev", "staging", "production", "moon") }, { requiredKeys: [] })
  .map((context) => JSON.stringify({ context }));
const lineProtocol = fc
  .array(fc.tuple(fc.constantFrom("api_request", "fuzz_metric"), fc.stringMatching(/^[a-z]{1,8}$/), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 5 })
  .map((lines) => lines.map(([measurement, tag, value]) => `${measurement},service=fuzz_${tag} duration_ms=${value}`).join("\n"));

// ---------------------------------------------------------------------------------------------
// What every answer must be.

function refName(response: Schema | undefined, type: string): string | undefined {
  return response?.content?.[type]?.schema?.$ref?.split("/").pop();
}

async function checkAnswer(operation: Operation, request: FuzzRequest, status: number, headers: Record<string, string>, text: string) {
  const label = `${operation.method} ${request.path}?${new URLSearchParams(request.query)} ${String(request.body ?? "").slice(0, 200)} → ${status} ${text.slice(0, 300)}`;
  expect(status, label).toBeLessThan(500);
  const documented = operation.spec.responses?.[String(status)];
  // An undecodable or odd path segment may leave the operation: the catch-all answers JSON 404 then.
  if (!documented) {
    expect(request.pathMutated && status === 404, `undocumented status: ${label}`).toBe(true);
  }
  if (status < 400) return;
  const type = (headers["content-type"] ?? "").split(";")[0] as string;
  // A path that does not decode never reaches the operation: Opsdeck's shape on every path (see the document's conventions).
  const undecodable = request.pathMutated && status === 400 && text.includes('"invalid_path"');
  const shape = undecodable || !documented ? "Error" : refName(documented, type);
  expect(shape, `no documented ${type} answer: ${label}`).toBeDefined();
  if (type === "application/x-protobuf") return; // google.rpc.Status in protobuf: its bytes are not JSON
  const body = JSON.parse(text);
  if (shape === "Error") {
    expect(body.error, label).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
    expect(headers["x-request-id"], label).toBe(body.error.requestId);
  } else if (shape === "GoogleRpcStatus") {
    expect(body, label).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
  } else {
    expect(body, label).toMatchObject({ errorCode: expect.any(String) });
  }
}

// ---------------------------------------------------------------------------------------------
// Stored state: what was there is unchanged except through requests answered 2xx.

async function snapshot(request: APIRequestContext, headers: Record<string, string>) {
  const flags = (await (await request.get("/api/admin/feature-flags", { headers })).json()).features as Record<string, unknown>;
  const tokens = (await (await request.get("/api/admin/tokens", { headers })).json()).tokens as Array<{ id: string; lastUsedAt?: string }>;
  // lastUsedAt moves with every call the suite makes; what matters is that no token was revoked or changed.
  return { flags, tokens: Object.fromEntries(tokens.map(({ lastUsedAt: _used, ...token }) => [token.id, token])) };
}

test.describe("schema-driven fuzzing of the API", () => {
  test.setTimeout(15 * 60_000);

  test("answers every generated request with a documented status, a 4xx in its documented shape, never a 5xx", async ({ request }) => {
    const admin = { Authorization: `Bearer ${tokenFor("admin")}` };
    const document = await (await request.get("/api/openapi.json", { headers: admin })).json();
    components = document.components?.schemas ?? {};
    const operations: Operation[] = Object.entries<Record<string, Schema>>(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, spec]) => ({ method: method.toUpperCase(), path, spec })),
    );
    const fuzzed = operations.filter((operation) => !EXCLUDED.has(`${operation.method} ${operation.path}`) && !isEventStream(operation));
    console.log(`fuzz: seed ${SEED}, ${RUNS} runs for each of ${fuzzed.length} operations (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})`);

    // The suite's own calls must not run into the per-caller limit meant for people.
    const limits = await (await request.get("/api/admin/ratelimit/config", { headers: admin })).json();
    const original = limits.settings.defaultRouteLimit;
    expect((await request.post("/api/admin/ratelimit/config", { headers: admin, data: { defaultRouteLimit: { requestsPerMinute: 100_000, burst: 100_000 } } })).status()).toBe(200);

    const before = await snapshot(request, admin);
    const touchedFlags = new Set<string>();
    const deletedTokens = new Set<string>();
    let tokensCreated = 0;
    const stats: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    let slowest = { ms: 0, what: "" };

    try {
      for (const [index, operation] of fuzzed.entries()) {
        const key = `${operation.method} ${operation.path}`;
        await fc.assert(
          fc.asyncProperty(requestArbitrary(operation), async (generated) => {
            const started = performance.now();
            const response = await request.fetch(generated.path, {
              method: operation.method,
              params: generated.query,
              headers: generated.headers,
              data: generated.body,
              maxRedirects: 0,
              failOnStatusCode: false,
            });
            const ms = performance.now() - started;
            const status = response.status();
            const text = await response.text();
            stats[key] = (stats[key] ?? 0) + 1;
            statuses[`${Math.floor(status / 100)}xx`] = (statuses[`${Math.floor(status / 100)}xx`] ?? 0) + 1;
            if (ms > slowest.ms) slowest = { ms, what: `${key} → ${status}` };
            if (status >= 200 && status < 300 && operation.method !== "GET") {
              for (const value of generated.path.split("/")) touchedFlags.add(decodeURIComponentSafe(value));
              const body = safeJson(generated.body);
              if (typeof body?.name === "string") touchedFlags.add(body.name);
              if (Array.isArray(body?.flags)) for (const name of body.flags) touchedFlags.add(String(name));
              if (key === "POST /api/admin/tokens") tokensCreated++;
              if (key === "DELETE /api/admin/tokens/{id}") deletedTokens.add(decodeURIComponentSafe(generated.path.split("/").pop() as string));
            }
            await checkAnswer(operation, generated, status, response.headers(), text);
          }),
          { numRuns: RUNS, seed: SEED + index, endOnFailure: true },
        );
      }
    } finally {
      await request.post("/api/admin/ratelimit/config", { headers: admin, data: { defaultRouteLimit: original } });
      const total = Object.values(stats).reduce((sum, count) => sum + count, 0);
      const report = { seed: SEED, runs: RUNS, operations: fuzzed.length, total, perOperation: stats, statuses, slowest };
      writeFileSync(".data/e2e/fuzz-report.json", JSON.stringify(report, null, 2));
      console.log(`fuzz: ${total} requests, ${JSON.stringify(statuses)}, slowest ${Math.round(slowest.ms)} ms (${slowest.what})`);
    }

    const after = await snapshot(request, admin);
    // A release plan's driver changes its flag by itself (the demo's, and any plan a request started or resumed).
    const plans = (await (await request.get("/api/admin/rollout-plans", { headers: admin })).json()).plans as Array<{ flagName: string }>;
    for (const plan of plans) touchedFlags.add(plan.flagName);
    for (const [name, flag] of Object.entries(before.flags)) {
      if (!touchedFlags.has(name)) expect(after.flags[name], `flag ${name} changed without a 2xx request naming it`).toEqual(flag);
    }
    for (const name of Object.keys(after.flags)) {
      if (!(name in before.flags)) expect(touchedFlags.has(name), `flag ${name} appeared without a 2xx request creating it`).toBe(true);
    }
    for (const [id, token] of Object.entries(before.tokens)) {
      if (!deletedTokens.has(id)) expect(after.tokens[id], `token ${id} changed`).toEqual(token);
    }
    expect(Object.keys(after.tokens).length).toBeLessThanOrEqual(Object.keys(before.tokens).length + tokensCreated);
  });
});

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function safeJson(body: unknown): any {
  try {
    return typeof body === "string" ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}
