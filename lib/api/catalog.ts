import { z } from "zod";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { defineEndpoint, type Endpoint } from "@/lib/api/endpoint";
import { auditEndpoints } from "@/lib/audit/endpoints";
import { edgeEndpoints } from "@/lib/edge/endpoints";
import { tokenEndpoints } from "@/lib/auth/endpoints";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { healthEndpoints } from "@/lib/health/endpoints";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { jobEndpoints } from "@/lib/jobs/endpoints";
import { peopleEndpoints } from "@/lib/people/endpoints";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { runbookEndpoints } from "@/lib/runbooks/endpoints";
import { traceEndpoints } from "@/lib/traces/endpoints";
import { metricsEndpoints } from "@/lib/metrics/endpoints";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";

const docsEndpoints = {
  openapi: defineEndpoint({
    method: "GET",
    path: "/api/openapi.json",
    access: "viewer",
    summary: "This OpenAPI 3.1 document",
    tags: ["Docs"],
    response: z.record(z.string(), z.unknown()),
  }),
};

/**
 * Every API endpoint Opsdeck serves, by domain. The OpenAPI document and the access-matrix
 * test read this list; a route file whose endpoint is missing here fails the route test.
 */
export const endpointsByDomain = {
  docs: docsEndpoints,
  flags: flagEndpoints,
  edge: edgeEndpoints,
  health: healthEndpoints,
  ratelimit: rateLimitEndpoints,
  metrics: metricsEndpoints,
  tokens: tokenEndpoints,
  traces: traceEndpoints,
  people: peopleEndpoints,
  audit: auditEndpoints,
  incidents: incidentEndpoints,
  runbooks: runbookEndpoints,
  rollouts: rolloutEndpoints,
  alerts: alertEndpoints,
  jobs: jobEndpoints,
} satisfies Record<string, Record<string, Endpoint>>;

export const allEndpoints: Endpoint[] = Object.values(endpointsByDomain).flatMap((group) => Object.values(group));

/** Every path the API serves, OpenAPI style (what rate-limit configuration may name). */
export const apiPaths: ReadonlySet<string> = new Set(allEndpoints.map((endpoint) => endpoint.path));
