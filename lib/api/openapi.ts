import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import { allEndpoints } from "@/lib/api/catalog";
import type { Endpoint } from "@/lib/api/endpoint";
import { errorBodySchema } from "@/lib/api/errors";
import packageJson from "@/package.json";

const DESCRIPTION = `Opsdeck's API. Every operation needs an API token (\`Authorization: Bearer odk_…\`) or a signed-in
session, with at least the role named in its description (viewer < operator < admin).

Conventions:
- JSON bodies are accepted whatever the Content-Type header says, so \`curl -d '{…}'\` works as written in the runbooks.
- Errors always answer \`{ "error": { "code", "message", "details?", "requestId" } }\`; validation errors carry the zod issues in \`details\`.
- Every response carries \`X-Request-ID\` (an incoming one is kept) and the \`X-RateLimit-Limit/Remaining/Reset\` headers; over the limit answers 429 with \`Retry-After\`.`;

const STANDARD_ERRORS: Record<number, string> = {
  400: "Invalid input (zod issues in error.details)",
  401: "No valid session or API token",
  403: "The caller's role is too low",
  429: "Rate limit exceeded",
  503: "A dependency Opsdeck needs is unavailable",
};

function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: errorBodySchema } } };
}

function toRouteConfig(endpoint: Endpoint): RouteConfig {
  const errors = { ...STANDARD_ERRORS, ...endpoint.otherResponses };
  if (endpoint.access === "public") {
    delete errors[401];
    delete errors[403];
  }
  if (!endpoint.body && !endpoint.params && !endpoint.query) delete errors[400];
  if (endpoint.body || endpoint.rawBody) errors[413] = "Body too large";
  const contentType = endpoint.responseContentType ?? "application/json";
  return {
    method: endpoint.method.toLowerCase() as RouteConfig["method"],
    path: endpoint.path,
    summary: endpoint.summary,
    description: [endpoint.description, `Minimum role: **${endpoint.access}**.`].filter(Boolean).join("\n\n"),
    tags: endpoint.tags,
    security: endpoint.access === "public" ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    request: {
      params: endpoint.params as z.ZodObject | undefined,
      query: endpoint.query as z.ZodObject | undefined,
      body: endpoint.body
        ? { content: { "application/json": { schema: endpoint.body } }, required: true }
        : endpoint.rawBody
          ? { content: Object.fromEntries(endpoint.rawBody.contentTypes.map((type) => [type, { schema: { type: "string" } }])), required: true }
          : undefined,
    },
    responses: {
      [endpoint.successStatus ?? 200]: {
        description: "Success",
        content: { [contentType]: { schema: endpoint.response } },
      },
      ...Object.fromEntries(Object.entries(errors).map(([status, description]) => [status, errorResponse(description)])),
    },
  };
}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

/** The OpenAPI 3.1 document, generated from the endpoint catalog once per process. */
export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API token created on the Tokens page or with `npm run token:create`",
  });
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description: "A signed-in person's session (browser)",
  });
  for (const endpoint of allEndpoints) registry.registerPath(toRouteConfig(endpoint));
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Opsdeck API", version: packageJson.version, description: DESCRIPTION },
    servers: [{ url: "/" }],
  });
  return cached;
}
