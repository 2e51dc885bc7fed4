import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import { allEndpoints } from "@/lib/api/catalog";
import type { Endpoint, OwnShapeResponse } from "@/lib/api/endpoint";
import { errorBodySchema } from "@/lib/api/errors";
import packageJson from "@/package.json";

const DESCRIPTION = `Opsdeck's API. Every operation needs an API token (\`Authorization: Bearer odk_…\`) or a signed-in
session, with at least the role named in its description (viewer < operator < admin).

Conventions:
- JSON bodies are accepted whatever the Content-Type header says, so \`curl -d '{…}'\` works as written in the runbooks.
- Errors always answer \`{ "error": { "code", "message", "details?", "requestId" } }\`; validation errors carry the zod issues in \`details\`. OFREP and the OTLP receiver answer their own errors in their protocols' shapes, as documented per operation, except a path that does not decode as UTF-8 (400 \`invalid_path\`) and a path no operation serves (404 \`not_found\`), which every API path answers in Opsdeck's shape.
- Strings with NUL (U+0000) or lone UTF-16 surrogates are refused (400 naming the field); JSON bodies nest at most JSON_MAX_DEPTH levels (400 \`json_too_deep\`) and hold arrays of at most JSON_MAX_ARRAY_ITEMS items (413 \`json_array_too_long\`).
- Every response carries \`X-Request-ID\` (an incoming one is kept) and the \`X-RateLimit-Limit/Remaining/Reset\` headers; over the limit answers 429 with \`Retry-After\`. \`X-RateLimit-Limit\` is the configured limit (seed 004's default: 100 a minute); the burst allowed on top of it (default 20) is in \`X-RateLimit-Burst\`, and \`X-RateLimit-Remaining\` counts both, so a full bucket reads limit + burst.`;

const STANDARD_ERRORS: Record<number, string | OwnShapeResponse> = {
  400: "Invalid input (zod issues in error.details; also json_too_deep, invalid_path)",
  401: "No valid session or API token",
  403: "The caller's role is too low",
  429: "Rate limit exceeded",
  503: "A dependency Opsdeck needs is unavailable",
};

function errorResponse(answer: string | OwnShapeResponse) {
  if (typeof answer === "string") return { description: answer, content: { "application/json": { schema: errorBodySchema } } };
  const types = answer.contentTypes ?? ["application/json"];
  return { description: answer.description, content: Object.fromEntries(types.map((type) => [type, { schema: answer.schema }])) };
}

/** Query and path values are strings or absent, never null: zod's optional coercions say "or null". */
function withoutNull(schema: unknown): void {
  const node = schema as { type?: unknown };
  if (Array.isArray(node?.type)) node.type = node.type.length === 2 && node.type.includes("null") ? node.type.find((t) => t !== "null") : node.type;
}

function toRouteConfig(endpoint: Endpoint): RouteConfig {
  const errors = { ...STANDARD_ERRORS, ...endpoint.otherResponses };
  if (endpoint.access === "public") {
    delete errors[401];
    delete errors[403];
  }
  if (!endpoint.body && !endpoint.rawBody && !endpoint.params && !endpoint.query) delete errors[400];
  // A path parameter that names nothing is a 404, whether or not the endpoint says more about it.
  if (endpoint.params) errors[404] ??= "Nothing has this identifier (not_found)";
  if (endpoint.body || endpoint.rawBody) errors[413] ??= "Body too large (payload_too_large), or a JSON array longer than JSON_MAX_ARRAY_ITEMS (json_array_too_long)";
  const contentTypes = endpoint.responseContentTypes ?? [endpoint.responseContentType ?? "application/json"];
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
        content: Object.fromEntries(contentTypes.map((type) => [type, { schema: endpoint.response }])),
      },
      // A 304 has no body; everything else is an error in Opsdeck's shape or the endpoint's own.
      ...Object.fromEntries(
        Object.entries(errors).map(([status, answer]) => [status, Number(status) < 400 && typeof answer === "string" ? { description: answer } : errorResponse(answer)]),
      ),
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
  for (const operations of Object.values(cached.paths ?? {})) {
    for (const operation of Object.values(operations as Record<string, { parameters?: Array<{ schema?: unknown }> }>)) {
      for (const parameter of operation.parameters ?? []) withoutNull(parameter.schema);
    }
  }
  return cached;
}
