import { describe, expect, it } from "vitest";
import { findEndpoint, readCommand, templateParams, type CatalogEntry } from "@/lib/runbooks/curl";
import { parseRunbook, RunbookParseError, slugify } from "@/lib/runbooks/parse";

const catalog: CatalogEntry[] = [
  { method: "GET", path: "/api/admin/feature-flags", access: "viewer" },
  { method: "GET", path: "/api/admin/feature-flags/{name}", access: "viewer" },
  { method: "POST", path: "/api/admin/feature-flags/{name}", access: "operator" },
  { method: "GET", path: "/api/admin/feature-flags/{name}/status", access: "viewer" },
  { method: "POST", path: "/api/admin/cache/invalidate", access: "operator" },
  { method: "GET", path: "/api/health/live", access: "public" },
];

const file = (steps: string, front = "") => `---
title: Example
summary: An example runbook.
symptoms:
  - Something is slow
${front}---

## Root cause

Because.

## Steps

${steps}

## Monitoring

- A chart.
`;

function problemsOf(text: string): string[] {
  try {
    parseRunbook("example", text, catalog);
  } catch (error) {
    if (error instanceof RunbookParseError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseRunbook", () => {
  it("reads front matter, sections and steps of every kind", () => {
    const runbook = parseRunbook(
      "example",
      file(`### Check the flag

1. Look up the flag. {#look-up}

   \`\`\`bash
   curl http://localhost:3000/api/admin/feature-flags/rate-limiter
   \`\`\`

   Look at \`enabled\` and \`cacheAge.ttl\`.

2. Restart the service.

   \`\`\`bash
   systemctl restart aikb-server
   \`\`\`

### Afterwards

3. Tell the **team**.`),
      catalog,
    );
    expect(runbook).toMatchObject({ slug: "example", title: "Example", symptoms: ["Something is slow"], tags: [], related: [], rootCause: "Because.", monitoring: "- A chart." });
    expect(runbook.steps).toEqual([
      {
        id: "look-up",
        text: "Look up the flag.\n\nLook at `enabled` and `cacheAge.ttl`.",
        section: "Check the flag",
        kind: "api",
        command: "curl http://localhost:3000/api/admin/feature-flags/rate-limiter",
        api: {
          method: "GET",
          path: "/api/admin/feature-flags/rate-limiter",
          endpoint: "/api/admin/feature-flags/{name}",
          mutating: false,
          minimumRole: "viewer",
          highlight: ["enabled", "cacheAge.ttl"],
        },
      },
      { id: "check-the-flag/restart-the-service", text: "Restart the service.", section: "Check the flag", kind: "external", command: "systemctl restart aikb-server" },
      { id: "afterwards/tell-the-team", text: "Tell the **team**.", section: "Afterwards", kind: "manual" },
    ]);
  });

  it("keeps a step's id when text elsewhere changes, and derives it from the step's own first words", () => {
    const before = parseRunbook("example", file("### A\n\n1. First step here.\n2. Second step."), catalog);
    const after = parseRunbook("example", file("### A\n\n1. First step here, reworded at length.\n2. Second step."), catalog);
    expect(before.steps[1]!.id).toBe("a/second-step");
    expect(after.steps[1]!.id).toBe(before.steps[1]!.id);
    expect(after.steps[0]!.id).not.toBe(before.steps[0]!.id);
  });

  it("reads the seeds' inline curl and takes it out of the text", () => {
    const runbook = parseRunbook("example", file('1. Clear the cache: `curl -X POST http://localhost:3000/api/admin/cache/invalidate -d \'{"keys": ["feature_flags:*"]}\'`'), catalog);
    expect(runbook.steps[0]).toMatchObject({
      id: "steps/clear-the-cache",
      text: "Clear the cache",
      kind: "api",
      api: { method: "POST", path: "/api/admin/cache/invalidate", body: { keys: ["feature_flags:*"] }, mutating: true, minimumRole: "operator" },
    });
  });

  it("refuses a curl to an Opsdeck path that is not an endpoint, so runbooks cannot rot", () => {
    expect(problemsOf(file("1. Listeners.\n\n   ```bash\n   curl http://localhost:3000/api/admin/cache-listeners\n   ```"))).toEqual([
      'step "steps/listeners": GET /api/admin/cache-listeners is not an Opsdeck endpoint',
    ]);
  });

  it("refuses duplicate ids, unknown sections, bad highlights, two commands and missing parts", () => {
    expect(problemsOf(file("1. Same. {#x}\n2. Other. {#x}"))).toContain('two steps have the id "x"; give one an explicit {#anchor}');
    expect(problemsOf(file("1. Do it.").replace("## Monitoring", "## Notes"))).toEqual(['unknown section "## Notes" (use Root cause, Steps, Monitoring)', "no ## Monitoring"]);
    expect(problemsOf(file("1. Read.\n\n   ```bash\n   curl /api/admin/feature-flags\n   ```\n\n   Look at `a..b`."))).toEqual([
      'step "steps/read": "a..b" is not a field path like a.b, items[].c or [].c',
    ]);
    expect(problemsOf(file("1. Two.\n\n   ```\n   ls\n   ```\n\n   ```\n   pwd\n   ```"))).toEqual(['step "steps/two" has 2 commands; give each its own step']);
    expect(problemsOf(file("1. Do it.").replace("symptoms:\n  - Something is slow\n", ""))[0]).toMatch(/^front matter symptoms/);
    expect(problemsOf(file("Just a paragraph."))).toContain('under Steps only "###" groups and lists of steps go; found paragraph "Just a paragraph."');
  });
});

describe("readCommand", () => {
  it("maps a curl to Opsdeck's catalog: method from -X or -d, relative path with its query, role", () => {
    expect(readCommand("curl 'http://localhost:3000/api/admin/feature-flags/x/status?userId=u1' -H \"Authorization: Bearer ${ADMIN_TOKEN}\" | jq .enabled", catalog)).toEqual({
      kind: "opsdeck",
      call: { method: "GET", path: "/api/admin/feature-flags/x/status?userId=u1", endpoint: "/api/admin/feature-flags/{name}/status", mutating: false, minimumRole: "viewer" },
    });
    expect(readCommand("curl http://opsdeck:3000/api/admin/feature-flags/x -d '{\"enabled\": true}'", catalog)).toMatchObject({ kind: "opsdeck", call: { method: "POST", body: { enabled: true }, minimumRole: "operator" } });
    expect(readCommand("curl /api/health/live", catalog)).toMatchObject({ kind: "opsdeck", call: { minimumRole: "viewer" } });
  });

  it("joins continuation lines and ignores comments", () => {
    const command = "# reload one flag\ncurl -X POST http://localhost:3000/api/admin/cache/invalidate \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"keys\": [\"feature_flags:x\"]}'";
    expect(readCommand(command, catalog)).toMatchObject({ kind: "opsdeck", call: { method: "POST", body: { keys: ["feature_flags:x"] } } });
  });

  it("keeps other hosts and other tools outside Opsdeck", () => {
    expect(readCommand("curl -X DELETE https://www.googleapis.com/drive/v3/files/abc", catalog)).toEqual({ kind: "external" });
    expect(readCommand("systemctl restart aikb-server", catalog)).toEqual({ kind: "external" });
    expect(readCommand("", catalog)).toEqual({ kind: "none" });
  });

  it("refuses an Opsdeck curl mixed with other commands, and a body that is not JSON", () => {
    expect(readCommand("sleep 5 && curl http://localhost:3000/api/admin/feature-flags", catalog)).toMatchObject({ kind: "invalid" });
    expect(readCommand("curl -X POST http://localhost:3000/api/admin/cache/invalidate -d 'keys=x'", catalog)).toEqual({
      kind: "invalid",
      problem: "the body of POST /api/admin/cache/invalidate is not JSON: keys=x",
    });
  });

  it("prefers a literal path over a template", () => {
    const withLiteral: CatalogEntry[] = [...catalog, { method: "GET", path: "/api/admin/feature-flags/{name}/history", access: "viewer" }];
    expect(findEndpoint(withLiteral, "GET", "/api/admin/feature-flags?include=cache-info")?.path).toBe("/api/admin/feature-flags");
    expect(findEndpoint(withLiteral, "GET", "/api/admin/feature-flags/a/b")).toBeUndefined();
  });
});

describe("slugify", () => {
  it("makes lowercase hyphenated words", () => {
    expect(slugify("Sign-in is too fast (100–200 ms)!")).toBe("sign-in-is-too-fast-100-200-ms");
    expect(slugify("Crème brûlée")).toBe("creme-brulee");
  });
});

describe("templateParams", () => {
  it("reads decoded path parameters, and refuses paths that do not fit", () => {
    expect(templateParams("/api/admin/feature-flags/{name}/status", "/api/admin/feature-flags/a%2Eb/status?userId=u")).toEqual({ name: "a.b" });
    expect(templateParams("/api/admin/feature-flags", "/api/admin/feature-flags?include=cache-info")).toEqual({});
    expect(templateParams("/api/admin/feature-flags/{name}", "/api/admin/feature-flags/a/b")).toBeNull();
    expect(templateParams("/api/admin/feature-flags/{name}", "/api/admin/feature-flags/%E0%A4%A")).toBeNull();
  });
});
