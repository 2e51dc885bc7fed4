import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";

/**
 * Runbooks as the API and the pages see them (client-safe: no I/O here).
 *
 * Step ids. A step's id is stable when text elsewhere in the runbook changes, because incidents
 * store their checks by it:
 * - an explicit anchor wins: a step whose first line ends in `{#some-id}` has the id `some-id`;
 * - otherwise the id is `<section slug>/<slug of the step's first words>` (the first eight words of
 *   its plain text, without the command), e.g. `flags-not-applied/look-up-the-flag-and-its-lastupdated-time`.
 * Editing a step's own opening words changes its id (its old checks then no longer match), so
 * give a step an anchor before rewording it once incidents have used it. Ids are unique within a
 * runbook; the parser refuses duplicates.
 */

/** Runbook slugs are lowercase words joined by hyphens, the file names of lib/runbooks/content. */
export const RUNBOOK_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const runbookStepKindSchema = z.enum(["api", "external", "manual"]);
export type RunbookStepKind = z.infer<typeof runbookStepKindSchema>;

export const runbookApiCallSchema = z.object({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  /** Relative to Opsdeck, with its query string, e.g. `/api/admin/metrics/errors?window=1h`. */
  path: z.string().startsWith("/"),
  /** The catalog's path template the call matched, e.g. `/api/admin/feature-flags/{name}`. */
  endpoint: z.string(),
  body: z.unknown().optional(),
  /** Anything but GET changes state: it asks for confirmation before it runs. */
  mutating: z.boolean(),
  minimumRole: roleSchema,
  /** Dotted JSON paths of the answer the step says to look at; `[]` walks every element of an array. */
  highlight: z.array(z.string()),
});
export type RunbookApiCall = z.infer<typeof runbookApiCallSchema>;

export const runbookStepSchema = z.object({
  id: z.string().min(1),
  /** Inline Markdown, without the command (shown apart, with its Run or Copy button). */
  text: z.string(),
  /** The heading of the group of steps it belongs to. */
  section: z.string(),
  kind: runbookStepKindSchema,
  /** The command exactly as the runbook writes it (a curl line keeps its host and headers). */
  command: z.string().optional(),
  api: runbookApiCallSchema.optional(),
});
export type RunbookStep = z.infer<typeof runbookStepSchema>;

export const runbookLinkSchema = z.object({ label: z.string(), href: z.string() });
export type RunbookLink = z.infer<typeof runbookLinkSchema>;

export const runbookSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  symptoms: z.array(z.string()),
  tags: z.array(z.string()),
});
export type RunbookSummary = z.infer<typeof runbookSummarySchema>;

export const runbookSchema = runbookSummarySchema.extend({
  /** Markdown. */
  rootCause: z.string(),
  /** Markdown. */
  monitoring: z.string(),
  steps: z.array(runbookStepSchema),
  /** Other runbooks and Opsdeck pages worth opening alongside. */
  related: z.array(runbookLinkSchema),
});
export type Runbook = z.infer<typeof runbookSchema>;

/** A step ticked off inside an incident: who, when, and what they noted. */
export interface StepCheck {
  checked: boolean;
  by: string;
  at: string;
  note: string | null;
}

export const runbookSearchQuerySchema = z.object({
  q: z.string().trim().max(200).optional().describe("Words to look for in titles, symptoms and steps; empty lists every runbook"),
});

export const runbookSlugParamsSchema = z.object({
  slug: z.string().max(100).regex(RUNBOOK_SLUG_PATTERN, "lowercase words joined by hyphens, e.g. auth-timing"),
});
