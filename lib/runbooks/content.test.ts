import { describe, expect, it } from "vitest";
import { z } from "zod";
import { metricsCharts } from "@/components/metrics/chart-definitions";
import { allEndpoints } from "@/lib/api/catalog";
import { getRunbook, listRunbooks, loadRunbooks, runbookSlugFromReference, searchRunbooks } from "@/lib/runbooks";
import { templateParams } from "@/lib/runbooks/curl";

type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
};

/** Whether a highlight path (`a.b`, `items[].c`, `[].c`) can exist in an answer of this JSON Schema. */
function schemaHasPath(root: JsonSchema, schema: JsonSchema, parts: string[]): boolean {
  if (schema.$ref) return schemaHasPath(root, root.$defs![schema.$ref.replace("#/$defs/", "")]!, parts);
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (branches) return branches.some((branch) => schemaHasPath(root, branch, parts));
  if (parts.length === 0) return true;
  const [head, ...rest] = parts;
  if (head === "[]") return schema.items !== undefined && schemaHasPath(root, schema.items, rest);
  if (schema.properties?.[head!]) return schemaHasPath(root, schema.properties[head!]!, rest);
  return typeof schema.additionalProperties === "object" && schemaHasPath(root, schema.additionalProperties, rest);
}

const pathParts = (pattern: string) => pattern.split(".").flatMap((part) => (part === "[]" ? ["[]"] : part.endsWith("[]") ? [part.slice(0, -2), "[]"] : [part]));

describe("the runbooks in lib/runbooks/content", () => {
  const runbooks = loadRunbooks();

  it("cover the seeds' topics: seed 000's seven, seed 003's common issues and releases, seed 002's escalation", () => {
    expect(runbooks.map((runbook) => runbook.slug)).toEqual([
      "auth-timing",
      "deployment",
      "escalation",
      "high-database-cpu",
      "job-queue-backlog",
      "llm-api-errors",
      "rate-limit-false-positives",
      "releasing",
      "saga-failures",
      "stale-cache",
      "tracing",
      "vector-search-errors",
    ]);
  });

  it.each(runbooks.map((runbook) => [runbook.slug, runbook] as const))("%s: every step the page runs names fields its endpoint really answers", (_slug, runbook) => {
    const problems: string[] = [];
    for (const step of runbook.steps) {
      if (!step.api) continue;
      const endpoint = allEndpoints.find((candidate) => candidate.method === step.api!.method && candidate.path === step.api!.endpoint)!;
      const schema = z.toJSONSchema(endpoint.response, { io: "output", unrepresentable: "any" }) as JsonSchema;
      for (const field of step.api.highlight) if (!schemaHasPath(schema, schema, pathParts(field))) problems.push(`${step.id}: ${field}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(runbooks.map((runbook) => [runbook.slug, runbook] as const))("%s: every call's path parameters, query and body pass its endpoint's validation", (_slug, runbook) => {
    const problems: string[] = [];
    for (const step of runbook.steps) {
      if (!step.api) continue;
      const endpoint = allEndpoints.find((candidate) => candidate.method === step.api!.method && candidate.path === step.api!.endpoint)!;
      const url = new URL(step.api.path, "http://opsdeck.invalid");
      const checks = [
        ["params", endpoint.params, templateParams(endpoint.path, step.api.path)],
        ["query", endpoint.query, Object.fromEntries(url.searchParams)],
        ["body", endpoint.body, step.api.body],
      ] as const;
      for (const [part, schema, value] of checks) {
        const result = schema?.safeParse(value);
        if (result && !result.success) problems.push(`${step.id} ${part}: ${result.error.issues.map((issue) => issue.message).join(", ")}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(runbooks.map((runbook) => [runbook.slug, runbook] as const))("%s: related runbook links point at runbooks that exist", (_slug, runbook) => {
    const broken = runbook.related.filter((link) => link.href.startsWith("/runbooks/") && !getRunbook(link.href.slice("/runbooks/".length)));
    expect(broken).toEqual([]);
    expect(runbook.related.every((link) => link.href.startsWith("/"))).toBe(true);
  });

  it("have read-only calls open to viewers and changes that need operator or admin", () => {
    const calls = runbooks.flatMap((runbook) => runbook.steps.flatMap((step) => (step.api ? [step.api] : [])));
    expect(calls.filter((call) => !call.mutating).every((call) => call.minimumRole === "viewer")).toBe(true);
    expect(calls.filter((call) => call.mutating).map((call) => call.minimumRole)).not.toContain("viewer");
  });
});

describe("searchRunbooks", () => {
  it("finds runbooks by symptom words, best first, with prefixes and small typos", () => {
    expect(searchRunbooks("auth latency")[0]?.slug).toBe("auth-timing");
    expect(searchRunbooks("locked out")[0]?.slug).toBe("rate-limit-false-positives");
    expect(searchRunbooks("stale")[0]?.slug).toBe("stale-cache");
    expect(searchRunbooks("compensat")[0]?.slug).toBe("saga-failures");
    expect(searchRunbooks("vertex quota")[0]?.slug).toBe("vector-search-errors");
    expect(searchRunbooks("slow request trace")[0]?.slug).toBe("tracing");
    expect(searchRunbooks("deploymnet")[0]?.slug).toBe("deployment");
  });

  it("lists everything for an empty query and nothing for unknown words", () => {
    expect(searchRunbooks("")).toEqual(listRunbooks());
    expect(searchRunbooks("  ")).toHaveLength(12);
    expect(searchRunbooks("xylophone")).toEqual([]);
  });
});

describe("runbookSlugFromReference", () => {
  it("accepts a slug or a runbook_url whose path is /runbooks/<slug>", () => {
    expect(runbookSlugFromReference("auth-timing")).toBe("auth-timing");
    expect(runbookSlugFromReference(" stale-cache ")).toBe("stale-cache");
    expect(runbookSlugFromReference("https://opsdeck.example.com/runbooks/auth-timing")).toBe("auth-timing");
    expect(runbookSlugFromReference("https://opsdeck.example.com/runbooks/auth-timing/?from=alert#steps")).toBe("auth-timing");
    expect(runbookSlugFromReference("/runbooks/tracing")).toBe("tracing");
  });

  it("answers null for unknown slugs and other links", () => {
    expect(runbookSlugFromReference("no-such-runbook")).toBeNull();
    expect(runbookSlugFromReference("/runbooks/no-such-runbook")).toBeNull();
    expect(runbookSlugFromReference("https://wiki.example.com/pages/auth-timing")).toBeNull();
    expect(runbookSlugFromReference("/runbooks/auth-timing/steps")).toBeNull();
    expect(runbookSlugFromReference("/runbooks/%2E%2E")).toBeNull();
    expect(runbookSlugFromReference("")).toBeNull();
  });
});

describe("runbook links where symptoms show", () => {
  it("name runbooks that exist", () => {
    const slugs = [...Object.values(metricsCharts).map((chart) => chart.runbook), "deployment", "vector-search-errors", "tracing", "rate-limit-false-positives"];
    expect(slugs.filter((slug) => !getRunbook(slug))).toEqual([]);
  });
});
