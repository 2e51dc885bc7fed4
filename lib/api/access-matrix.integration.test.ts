import { describe, expect, it } from "vitest";
import { allEndpoints } from "@/lib/api/catalog";
import type { Access, Role } from "@/lib/auth/roles";
import { ROLES } from "@/lib/auth/roles";
import { call, SAME_ORIGIN, sessionFor, tokenFor } from "@/scripts/test/requests";
import { servedRoutes } from "@/scripts/test/routes";

/**
 * Every endpoint of the API with the weakest role that may call it. This table is written by hand
 * on purpose: it is a second statement of who may do what, so lowering an endpoint's `access` by
 * mistake fails here. A new endpoint needs one new row.
 */
const MINIMUM_ROLE: Record<string, Access> = {
  "GET /api/admin/metrics/series/{name}": "viewer",
  "GET /api/admin/metrics/errors": "viewer",
  "POST /api/admin/metrics/write": "operator",
  "POST /v1/traces": "operator",
  "GET /api/admin/traces": "viewer",
  "GET /api/admin/traces/count": "viewer",
  "GET /api/admin/traces/{traceId}": "viewer",
  "GET /api/admin/feature-flags": "viewer",
  "POST /api/admin/feature-flags": "admin",
  "GET /api/admin/feature-flags/{name}": "viewer",
  "POST /api/admin/feature-flags/{name}": "operator",
  "DELETE /api/admin/feature-flags/{name}": "admin",
  "POST /api/admin/feature-flags/{name}/restore": "admin",
  "GET /api/admin/feature-flags/{name}/status": "viewer",
  "GET /api/admin/feature-flags/{name}/history": "viewer",
  "POST /api/admin/emergency-rollback": "operator",
  "POST /api/admin/cache/invalidate": "operator",
  "GET /api/admin/cache-config": "viewer",
  "GET /api/admin/cache-listeners": "viewer",
  "GET /api/admin/system/status": "viewer",
  "GET /api/admin/jobs/runs": "viewer",
  "GET /api/flags/evaluate": "viewer",
  "GET /api/flags": "viewer",
  "GET /api/flags/stream": "viewer",
  "GET /api/edge/access": "admin",
  "GET /api/edge/access/stream": "admin",
  "POST /ofrep/v1/evaluate/flags/{key}": "viewer",
  "POST /ofrep/v1/evaluate/flags": "viewer",
  "GET /api/admin/ratelimit/user": "viewer",
  "POST /api/admin/ratelimit/unlock": "operator",
  "GET /api/admin/ratelimit/threats": "viewer",
  "GET /api/admin/ratelimit/config": "viewer",
  "POST /api/admin/ratelimit/config": "admin",
  "POST /api/ratelimit/login-attempts": "operator",
  "GET /api/health/live": "public",
  "GET /api/health": "public",
  "GET /api/health/ready": "public",
  "GET /api/health/deps": "viewer",
  "GET /api/health/pool-stats": "viewer",
  "GET /api/metrics": "viewer",
  "GET /api/openapi.json": "viewer",
  "GET /api/admin/tokens": "admin",
  "POST /api/admin/tokens": "admin",
  "DELETE /api/admin/tokens/{id}": "admin",
  "GET /api/admin/people": "admin",
  "DELETE /api/admin/people/{id}/sessions": "admin",
  "GET /api/admin/audit": "admin",
  "GET /api/admin/alerts/rules": "viewer",
  "POST /api/admin/alerts/rules": "admin",
  "GET /api/admin/alerts/rules/{id}": "viewer",
  "PUT /api/admin/alerts/rules/{id}": "admin",
  "DELETE /api/admin/alerts/rules/{id}": "admin",
  "GET /api/admin/alerts/history": "viewer",
  "GET /api/admin/alerts/silences": "viewer",
  "POST /api/admin/alerts/silences": "operator",
  "DELETE /api/admin/alerts/silences/{id}": "operator",
  "GET /api/admin/slos": "viewer",
  "POST /api/admin/slos": "admin",
  "GET /api/admin/slos/{id}": "viewer",
  "PUT /api/admin/slos/{id}": "admin",
  "DELETE /api/admin/slos/{id}": "admin",
  "POST /api/admin/slos/{id}/corrections": "admin",
  "DELETE /api/admin/slos/{id}/corrections/{correctionId}": "admin",
  "POST /api/admin/slos/openslo": "admin",
  "GET /api/admin/slos/openslo": "viewer",
  "GET /api/admin/incidents": "viewer",
  "POST /api/admin/incidents": "operator",
  "GET /api/admin/incidents/{id}": "viewer",
  "PATCH /api/admin/incidents/{id}": "operator",
  "POST /api/admin/incidents/{id}/runs": "operator",
  "PUT /api/admin/incidents/{id}/runs/{runId}/checks": "operator",
  "POST /api/admin/incidents/{id}/notes": "operator",
  "POST /api/admin/incidents/{id}/request-ids": "operator",
  "DELETE /api/admin/incidents/{id}/request-ids/{requestId}": "operator",
  "POST /api/webhooks/alertmanager": "operator",
  "POST /api/webhooks/grafana": "operator",
  "GET /api/admin/runbooks": "viewer",
  "GET /api/admin/runbooks/{slug}": "viewer",
  "GET /api/admin/rollout-plans": "viewer",
  "POST /api/admin/feature-flags/{name}/rollout-plans": "operator",
  "GET /api/admin/rollout-plans/{id}": "viewer",
  "GET /api/admin/rollout-plans/{id}/evaluations": "viewer",
  "POST /api/admin/rollout-plans/{id}/pause": "operator",
  "POST /api/admin/rollout-plans/{id}/resume": "operator",
  "POST /api/admin/rollout-plans/{id}/abort": "operator",
  "GET /api/admin/rollout-templates": "viewer",
  "PUT /api/admin/rollout-templates/{name}": "admin",
};

const key = (endpoint: { method: string; path: string }) => `${endpoint.method} ${endpoint.path}`;
// Path parameters get a well-formed but unknown value: authorisation is decided before the lookup.
const samplePath = (path: string) => path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
const sampleParams = (path: string) =>
  Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map((match) => [match[1] as string, "00000000-0000-4000-8000-000000000000"]));

type Credential = "session" | "token";
const credentialFor = async (kind: Credential, role: Role) =>
  kind === "token" ? { token: await tokenFor(role) } : { session: await sessionFor(role), headers: SAME_ORIGIN };

describe("the route access matrix", () => {
  it("has a row for every endpoint of the catalog, and none for endpoints that are gone", () => {
    const missing = allEndpoints.filter((endpoint) => !(key(endpoint) in MINIMUM_ROLE));
    expect(
      missing.map((endpoint) => `add  "${key(endpoint)}": "<role>",  to MINIMUM_ROLE in lib/api/access-matrix.integration.test.ts`),
      "endpoints without a row in the access matrix",
    ).toEqual([]);
    const known = new Set(allEndpoints.map(key));
    expect(Object.keys(MINIMUM_ROLE).filter((row) => !known.has(row)), "rows for endpoints that no longer exist").toEqual([]);
  });

  it("matches each endpoint's declared access", () => {
    const drift = allEndpoints.filter((endpoint) => MINIMUM_ROLE[key(endpoint)] !== undefined && MINIMUM_ROLE[key(endpoint)] !== endpoint.access);
    expect(drift.map((endpoint) => `${key(endpoint)}: table says ${MINIMUM_ROLE[key(endpoint)]}, endpoint says ${endpoint.access}`)).toEqual([]);
  });

  it("answers anonymous 401, too-low roles 403 and enough role neither, for sessions and tokens alike", async () => {
    const routes = await servedRoutes();
    let cases = 0;
    const failures: string[] = [];
    for (const [row, minimum] of Object.entries(MINIMUM_ROLE)) {
      const route = routes.find((candidate) => `${candidate.method} ${candidate.urlPath}` === row);
      if (!route) continue; // reported by the first test
      const request = (extra: object) => call(route.handler, { path: samplePath(route.urlPath), params: sampleParams(route.urlPath), ...extra });
      const expectStatus = (label: string, status: number, ok: (status: number) => boolean, wanted: string) => {
        cases++;
        if (!ok(status)) failures.push(`${row} ${label}: got ${status}, expected ${wanted}`);
      };
      // A distinct address per endpoint, so anonymous calls never share (and empty) one rate-limit bucket.
      const anonymous = await request({ headers: { "x-forwarded-for": `198.51.100.${cases % 250}` } });
      if (minimum === "public") {
        expectStatus("anonymous", anonymous.status, (s) => s !== 401 && s !== 403, "neither 401 nor 403");
        continue;
      }
      expectStatus("anonymous", anonymous.status, (s) => s === 401, "401");
      for (const kind of ["session", "token"] as const) {
        for (const role of ROLES.slice(0, ROLES.indexOf(minimum))) {
          const response = await request(await credentialFor(kind, role));
          expectStatus(`${role} ${kind}`, response.status, (s) => s === 403, "403");
        }
        const enough = await request(await credentialFor(kind, minimum));
        expectStatus(`${minimum} ${kind}`, enough.status, (s) => s !== 401 && s !== 403, "neither 401 nor 403");
      }
    }
    console.info(`access matrix: ${Object.keys(MINIMUM_ROLE).length} endpoints, ${cases} cases`);
    expect(failures).toEqual([]);
    // Several calls per endpoint and role: the time grows with the catalog (52 s before issue 17's three endpoints on a loaded 2-core machine).
  }, 180_000);
});
