/**
 * Workaround for a Turbopack bug (vercel/next.js#86507, swagger-api/swagger-ui#10599).
 *
 * Swagger UI reads OpenAPI 3.1 documents with the apidom packages. Each attaches its parsers
 * (`OpenApi3_1Element.refract` …) in a `registration` module that its package.json marks as having
 * side effects, yet Turbopack follows swagger-client's named imports straight to the element classes
 * and never runs it, so every 3.1 document fails with "refract is not a function".
 * Importing those modules here runs them. Their packages export only their entry point, so they are
 * reached by path; they must be the copies swagger-client uses, which npm hoists to the top level.
 * Remove this file once /api/docs renders an OpenAPI 3.1 document without it.
 */
import "../../node_modules/@swagger-api/apidom-ns-json-schema-2020-12/src/refractor/registration.mjs";
import "../../node_modules/@swagger-api/apidom-ns-openapi-3-1/src/refractor/registration.mjs";
import "../../node_modules/@swagger-api/apidom-ns-openapi-3-2/src/refractor/registration.mjs";
