import { describe, expect, it } from "vitest";
import { GET as getRunbookRoute } from "@/app/api/admin/runbooks/[slug]/route";
import { GET as listRunbooksRoute } from "@/app/api/admin/runbooks/route";
import { listRunbooks, loadRunbooks } from "@/lib/runbooks";
import { templateParams } from "@/lib/runbooks/curl";
import { call, tokenFor } from "@/scripts/test/requests";
import { servedRoutes } from "@/scripts/test/routes";

describe("the runbooks API", () => {
  it("lists every runbook by title, searches with ?q=, and answers one by slug", async () => {
    const viewer = await tokenFor("viewer");
    const all = await call(listRunbooksRoute, { token: viewer });
    expect(all.status).toBe(200);
    expect(all.json).toEqual({ query: "", runbooks: listRunbooks() });

    const searched = await call(listRunbooksRoute, { token: viewer, path: "/api/admin/runbooks?q=pool%20exhausted" });
    expect(searched.json.query).toBe("pool exhausted");
    expect(searched.json.runbooks.map((runbook: { slug: string }) => runbook.slug)).toContain("deployment");

    const one = await call(getRunbookRoute, { token: viewer, path: "/api/admin/runbooks/stale-cache", params: { slug: "stale-cache" } });
    expect(one.status).toBe(200);
    expect(one.json.steps.find((step: { id: string }) => step.id === "check-cache-age")).toMatchObject({
      kind: "api",
      api: { method: "GET", path: "/api/admin/feature-flags?include=cache-info", mutating: false, minimumRole: "viewer" },
    });
  });

  it("answers 404 for an unknown slug and 400 for one that cannot be a slug", async () => {
    const viewer = await tokenFor("viewer");
    const missing = await call(getRunbookRoute, { token: viewer, path: "/api/admin/runbooks/no-such-runbook", params: { slug: "no-such-runbook" } });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: "not_found", message: "No runbook named no-such-runbook; GET /api/admin/runbooks lists them" });
    const bad = await call(getRunbookRoute, { token: viewer, path: "/api/admin/runbooks/..", params: { slug: "../etc" } });
    expect(bad.status).toBe(400);
    const tooLong = await call(listRunbooksRoute, { token: viewer, path: `/api/admin/runbooks?q=${"a".repeat(201)}` });
    expect(tooLong.status).toBe(400);
  });

  it("runs every read-only runbook step against Opsdeck's handlers as a viewer: accepted, never a 400 or 500", async () => {
    const viewer = await tokenFor("viewer");
    const routes = await servedRoutes();
    const outcomes: string[] = [];
    for (const runbook of loadRunbooks()) {
      for (const step of runbook.steps) {
        if (!step.api || step.api.mutating) continue;
        const route = routes.find((candidate) => candidate.method === step.api!.method && candidate.urlPath === step.api!.endpoint)!;
        const params = templateParams(route.urlPath, step.api.path)!;
        const answer = await call(route.handler, { token: viewer, path: step.api.path, params });
        // A flag the test database lacks is a 404 (information for the operator); a degraded health is a 503.
        const expected = answer.status === 200 || answer.status === 404 || (step.api.endpoint === "/api/health" && answer.status === 503);
        if (!expected) outcomes.push(`${runbook.slug} ${step.id}: ${step.api.method} ${step.api.path} → ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }
    expect(outcomes).toEqual([]);
  });
});
