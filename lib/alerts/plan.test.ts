import { describe, expect, it } from "vitest";
import { planBatches, runBatched, type SeriesRequest } from "@/lib/alerts/batch";
import { DEFAULT_RULES } from "@/lib/alerts/defaults";
import { alertFingerprint } from "@/lib/alerts/fingerprint";
import { ruleObservations, ruleRequests } from "@/lib/alerts/plan";
import { ruleInputSchema } from "@/lib/alerts/schemas";
import type { AggregateQuery, AggregateRow, MetricsStore } from "@/lib/metrics/store/types";

const base: SeriesRequest = {
  measurement: "api_request",
  field: "duration_ms",
  fromUs: 0,
  toUs: 300_000_000,
  stepSeconds: null,
  groupBy: [],
  where: {},
  aggregate: { fn: "count" },
};

/** A store answering from fixed rows per endpoint, recording the queries it was asked. */
function fakeStore(counts: Record<string, number>) {
  const queries: AggregateQuery[] = [];
  const store: MetricsStore = {
    kind: "sql",
    rejectsContent: () => false,
    write: async () => undefined,
    aggregate: async (query) => {
      queries.push(query);
      return Object.entries(counts)
        .filter(([endpoint]) => !query.where?.endpoint || query.where.endpoint === endpoint)
        .map(([endpoint, count]): AggregateRow => ({
          time: 0,
          tags: query.groupBy.includes("endpoint") ? { endpoint } : {},
          values: query.aggregates.map((aggregate) => (aggregate.fn === "count" ? count : count * 10)),
        }));
    },
  };
  return { store, queries };
}

describe("batched store queries", () => {
  it("answers fifty per-endpoint requests with one query, each reading its own rows", async () => {
    const endpoints = Array.from({ length: 50 }, (_, index) => `/e${index}`);
    const { store, queries } = fakeStore(Object.fromEntries(endpoints.map((endpoint, index) => [endpoint, index + 1])));
    const requests = endpoints.map((endpoint) => ({ ...base, where: { endpoint } }));
    const { rows, queries: count } = await runBatched(store, requests);
    expect(count).toBe(1);
    expect(queries).toHaveLength(1);
    expect(rows.map((answer) => (answer as AggregateRow[])[0]?.values[0])).toEqual(endpoints.map((_, index) => index + 1));
  });

  it("adds up counts over a list of tag values, and keeps different ranges apart", async () => {
    const { store } = fakeStore({ "/a": 2, "/b": 3, "/c": 100 });
    const { rows } = await runBatched(store, [{ ...base, where: { endpoint: ["/a", "/b"] } }, { ...base, groupBy: ["endpoint"] }]);
    expect((rows[0] as AggregateRow[])[0]?.values).toEqual([5]);
    expect((rows[1] as AggregateRow[]).map((row) => row.tags.endpoint)).toEqual(["/a", "/b", "/c"]);
    expect(planBatches([base, { ...base, fromUs: 1 }])).toHaveLength(2);
  });

  it("gives a failed batch's requests the error and the others their rows", async () => {
    const store: MetricsStore = {
      kind: "sql",
      rejectsContent: () => false,
      write: async () => undefined,
      aggregate: async (query) => {
        if (query.measurement === "api_error") throw new Error("store down");
        return [{ time: 0, tags: {}, values: [1] }];
      },
    };
    const { rows } = await runBatched(store, [base, { ...base, measurement: "api_error" }]);
    expect(rows[0]).toEqual([{ time: 0, tags: {}, values: [1] }]);
    expect(rows[1]).toBeInstanceOf(Error);
  });
});

describe("default rules", () => {
  it("all validate, cite the seed they come from, and have distinct names", () => {
    for (const rule of DEFAULT_RULES) {
      expect(ruleInputSchema.safeParse(rule).success, rule.name).toBe(true);
      expect(rule.description).toMatch(/seed 00\d/);
    }
    expect(new Set(DEFAULT_RULES.map((rule) => rule.name)).size).toBe(DEFAULT_RULES.length);
  });

  it("turn an error-rate answer into one observation per endpoint, labelled and fingerprinted as Alertmanager would", () => {
    const rule = DEFAULT_RULES.find((candidate) => candidate.defaultKey === "error-rate-critical")!;
    const requests = ruleRequests(rule, 600_000);
    expect(requests.map((request) => [request.measurement, request.fromUs, request.toUs])).toEqual([
      ["api_error", 300_000_000, 600_000_000],
      ["api_request", 300_000_000, 600_000_000],
    ]);
    const observations = ruleObservations(rule, [
      [{ time: 0, tags: { endpoint: "/x" }, values: [6] }],
      [
        { time: 0, tags: { endpoint: "/x" }, values: [100] },
        { time: 0, tags: { endpoint: "/y" }, values: [100] },
        { time: 0, tags: { endpoint: "/z" }, values: [0] },
      ],
    ]);
    expect(observations.map((observation) => [observation.labels.endpoint, observation.value, observation.active])).toEqual([
      ["/x", 0.06, true],
      ["/y", 0, false],
    ]);
    expect(observations[0]?.labels).toEqual({ alertname: "ErrorRateCritical", severity: "critical", service: "api", endpoint: "/x" });
    expect(observations[0]?.fingerprint).toBe(alertFingerprint(observations[0]!.labels));
  });

  it("refuse unknown measurements, fields and tags, wrong types and non-durations", () => {
    const rule = DEFAULT_RULES[0]!;
    const issues = (input: unknown) => ruleInputSchema.safeParse(input).error?.issues.map((issue) => issue.message).join("; ") ?? "";
    expect(issues({ ...rule, query: { ...rule.query, numerator: { measurement: "cpu" } } })).toMatch(/unknown measurement "cpu"/);
    expect(issues({ ...rule, query: { ...rule.query, groupBy: ["colour"] } })).toMatch(/has no tag "colour"/);
    expect(issues({ ...rule, threshold: "5%" })).toMatch(/number/);
    expect(issues({ ...rule, for: "five minutes" })).toMatch(/duration/);
    expect(issues({ ...rule, query: { ...rule.query, window: "40d" } })).toMatch(/between/);
  });
});
