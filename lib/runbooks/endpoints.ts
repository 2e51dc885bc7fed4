import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { runbookSchema, runbookSearchQuerySchema, runbookSlugParamsSchema, runbookSummarySchema } from "@/lib/runbooks/schemas";

export const runbookEndpoints = {
  list: defineEndpoint({
    method: "GET",
    path: "/api/admin/runbooks",
    access: "viewer",
    summary: "Runbooks, optionally searched (best match first)",
    description:
      "Runbooks are Markdown files in the repository (lib/runbooks/content). `q` searches titles, symptoms, tags and step text, with prefixes and small typos allowed; without it every runbook is listed by title.",
    tags: ["Runbooks"],
    query: runbookSearchQuerySchema,
    response: z.object({ query: z.string(), runbooks: z.array(runbookSummarySchema.meta({ id: "RunbookSummary" })) }),
  }),
  get: defineEndpoint({
    method: "GET",
    path: "/api/admin/runbooks/{slug}",
    access: "viewer",
    summary: "One runbook: symptoms, root cause, steps (with the Opsdeck call each runnable step makes) and monitoring",
    description:
      "Each step has a stable `id` (incidents store their checks by it) and a `kind`: `api` steps carry the call (method, relative path, body, whether it mutates, the minimum role, the answer fields to highlight); `external` steps carry a command to copy; `manual` steps are text.",
    tags: ["Runbooks"],
    params: runbookSlugParamsSchema,
    response: runbookSchema.meta({ id: "Runbook" }),
    otherResponses: { 404: "No runbook has that slug" },
  }),
};
