import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import MiniSearch from "minisearch";
import { allEndpoints } from "@/lib/api/catalog";
import { parseRunbook } from "@/lib/runbooks/parse";
import { RUNBOOK_SLUG_PATTERN, type Runbook, type RunbookSummary } from "@/lib/runbooks/schemas";

/**
 * Where the runbooks live: Markdown files reviewed like code, one per slug. Read at run time
 * from the checkout (`next start` runs in it); the bundler is told not to trace this path.
 */
export const RUNBOOK_DIRECTORY = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "runbooks", "content");

interface Library {
  bySlug: Map<string, Runbook>;
  search: MiniSearch<SearchDocument>;
}

interface SearchDocument {
  slug: string;
  title: string;
  summary: string;
  symptoms: string;
  tags: string;
  body: string;
}

/** Reads and parses every runbook file; a broken file throws (its unit test names the problem). */
export function loadRunbooks(directory = RUNBOOK_DIRECTORY): Runbook[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(".md") && name !== "README.md")
    .sort()
    .map((name) => parseRunbook(name.slice(0, -3), readFileSync(path.join(directory, name), "utf8"), allEndpoints));
}

function buildLibrary(): Library {
  const runbooks = loadRunbooks();
  const search = new MiniSearch<SearchDocument>({
    idField: "slug",
    fields: ["title", "summary", "symptoms", "tags", "body"],
    storeFields: ["slug"],
    searchOptions: { boost: { title: 4, symptoms: 3, tags: 2, summary: 2 }, prefix: true, fuzzy: 0.2, combineWith: "AND" },
  });
  search.addAll(
    runbooks.map((runbook) => ({
      slug: runbook.slug,
      title: runbook.title,
      summary: runbook.summary,
      symptoms: runbook.symptoms.join("\n"),
      tags: runbook.tags.join(" "),
      body: [runbook.rootCause, runbook.monitoring, ...runbook.steps.flatMap((step) => [step.section, step.text, step.command ?? ""])].join("\n"),
    })),
  );
  return { bySlug: new Map(runbooks.map((runbook) => [runbook.slug, runbook])), search };
}

let library: Library | undefined;

/** Parsed once per process; `next dev` re-reads so edits to the Markdown show on reload. */
function current(): Library {
  if (!library || process.env.NODE_ENV === "development") library = buildLibrary();
  return library;
}

function summarize(runbook: Runbook): RunbookSummary {
  return { slug: runbook.slug, title: runbook.title, summary: runbook.summary, symptoms: runbook.symptoms, tags: runbook.tags };
}

/** Every runbook, by title. */
export function listRunbooks(): RunbookSummary[] {
  return [...current().bySlug.values()].map(summarize).sort((a, b) => a.title.localeCompare(b.title));
}

export function getRunbook(slug: string): Runbook | null {
  return current().bySlug.get(slug) ?? null;
}

/** Best matches first over title, symptoms, tags and text (prefix and slightly fuzzy); an empty query lists all. */
export function searchRunbooks(query: string | undefined): RunbookSummary[] {
  const words = query?.trim() ?? "";
  if (!words) return listRunbooks();
  const { bySlug, search } = current();
  return search.search(words).map((hit) => summarize(bySlug.get(hit.id as string)!));
}

/**
 * The slug a reference names, or null when no such runbook exists. A reference is a bare slug
 * (`auth-timing`) or a link whose path is `/runbooks/<slug>`, absolute or relative, as an
 * Alertmanager or Grafana `runbook_url` annotation carries it (query and fragment ignored).
 */
export function runbookSlugFromReference(reference: string): string | null {
  const trimmed = reference.trim();
  if (RUNBOOK_SLUG_PATTERN.test(trimmed)) return getRunbook(trimmed) ? trimmed : null;
  let pathname: string;
  try {
    pathname = new URL(trimmed, "http://opsdeck.invalid").pathname;
  } catch {
    return null;
  }
  const match = /^\/runbooks\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  const slug = decodeURIComponent(match[1]!);
  return RUNBOOK_SLUG_PATTERN.test(slug) && getRunbook(slug) ? slug : null;
}
