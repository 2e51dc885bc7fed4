import matter from "gray-matter";
import type { InlineCode, ListItem, Paragraph, Root, RootContent } from "mdast";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { Node } from "unist";
import { z } from "zod";
import { readCommand, type CatalogEntry } from "@/lib/runbooks/curl";
import { runbookLinkSchema, type Runbook, type RunbookStep } from "@/lib/runbooks/schemas";

/**
 * A runbook file: YAML front matter (title, summary, symptoms, tags, related) and three level-2
 * sections, `## Root cause`, `## Steps` and `## Monitoring`. Under Steps, each `### heading` is a
 * group of steps and each item of its lists is one step: its text, at most one command (a fenced
 * code block, or an inline `curl …`), and optionally a paragraph starting "Look at" whose inline
 * code names the answer's fields to highlight. See lib/runbooks/content/README.md.
 */
const frontMatterSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  symptoms: z.array(z.string().min(1)).min(1),
  tags: z.array(z.string()).default([]),
  related: z.array(runbookLinkSchema).default([]),
});

export class RunbookParseError extends Error {
  constructor(
    public readonly slug: string,
    public readonly problems: string[],
  ) {
    super(`Runbook "${slug}": ${problems.join("; ")}`);
    this.name = "RunbookParseError";
  }
}

/** Lowercase words joined by hyphens, for step ids and section anchors. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const ID_WORDS = 8;
const ANCHOR = /\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$/;
const HIGHLIGHT_PATH = /^(?:\[\]|[A-Za-z_$][\w$]*(?:\[\])?)(?:\.[A-Za-z_$][\w$]*(?:\[\])?)*$/;
const SECTIONS = { "root cause": "rootCause", steps: "steps", monitoring: "monitoring" } as const;

const markdown = unified().use(remarkParse).use(remarkGfm);

/** A node's Markdown exactly as written (remark keeps every node's offsets). */
function source(text: string, node: Node): string {
  return text.slice(node.position!.start.offset!, node.position!.end.offset!);
}

function isLookAt(paragraph: Paragraph): boolean {
  return /^look at\b/i.test(toString(paragraph).trim());
}

/** The inline `curl …` of a paragraph, if it has one (the seeds' way of writing a step). */
function inlineCurl(paragraph: Paragraph): InlineCode | undefined {
  return paragraph.children.find((child): child is InlineCode => child.type === "inlineCode" && /^curl\s/.test(child.value));
}

function readStep(
  item: ListItem,
  text: string,
  section: string,
  catalog: readonly CatalogEntry[],
  problems: string[],
): RunbookStep {
  const paragraphs: string[] = [];
  const commands: string[] = [];
  const highlight: string[] = [];
  for (const child of item.children) {
    if (child.type === "code") commands.push(child.value);
    else if (child.type === "paragraph") {
      const curl = inlineCurl(child);
      let paragraph = source(text, child);
      if (curl) {
        commands.push(curl.value);
        paragraph = (text.slice(child.position!.start.offset!, curl.position!.start.offset!) + text.slice(curl.position!.end.offset!, child.position!.end.offset!))
          .replace(/[\s:]+$/, "")
          .trim();
      }
      if (isLookAt(child)) {
        for (const code of child.children) if (code.type === "inlineCode") highlight.push(code.value);
      }
      paragraphs.push(paragraph);
    } else paragraphs.push(source(text, child));
  }

  let stepText = paragraphs.join("\n\n");
  const firstLine = stepText.split("\n")[0]!;
  const anchor = ANCHOR.exec(firstLine);
  if (anchor) stepText = stepText.replace(firstLine, firstLine.replace(ANCHOR, ""));
  // The id words come from the step's first paragraph as written, without its command or anchor.
  const plain = (paragraphs[0] ?? "").split("\n")[0]!.replace(ANCHOR, "").split(/\s+/).slice(0, ID_WORDS).join(" ");
  const id = anchor?.[1] ?? `${slugify(section)}/${slugify(plain)}`;

  if (commands.length > 1) problems.push(`step "${id}" has ${commands.length} commands; give each its own step`);
  const command = commands[0];
  const step: RunbookStep = { id, text: stepText, section, kind: "manual" };
  if (command === undefined) {
    if (highlight.length > 0) problems.push(`step "${id}" says what to look at but calls nothing`);
    return step;
  }
  step.command = command;
  const reading = readCommand(command, catalog);
  if (reading.kind === "invalid") problems.push(`step "${id}": ${reading.problem}`);
  if (reading.kind !== "opsdeck") {
    if (highlight.length > 0 && reading.kind === "external") problems.push(`step "${id}" says what to look at but does not call Opsdeck`);
    return { ...step, kind: "external" };
  }
  for (const path of highlight) if (!HIGHLIGHT_PATH.test(path)) problems.push(`step "${id}": "${path}" is not a field path like a.b, items[].c or [].c`);
  return { ...step, kind: "api", api: { ...reading.call, highlight } };
}

/**
 * Parses one runbook file. Pure: the catalog comes in as an argument. Throws RunbookParseError
 * listing every problem (unknown sections, curl lines that are not Opsdeck endpoints, duplicate
 * step ids, bad front matter) so a broken runbook fails its test rather than an operator.
 */
export function parseRunbook(slug: string, file: string, catalog: readonly CatalogEntry[]): Runbook {
  const problems: string[] = [];
  const { data, content } = matter(file);
  const front = frontMatterSchema.safeParse(data);
  if (!front.success) problems.push(...front.error.issues.map((issue) => `front matter ${issue.path.join(".")}: ${issue.message}`));

  const tree = markdown.parse(content) as Root;
  const parts: Record<"rootCause" | "monitoring", string[]> = { rootCause: [], monitoring: [] };
  const steps: RunbookStep[] = [];
  // "unknown" after a heading that was already reported, so its content is not reported again.
  let current: (typeof SECTIONS)[keyof typeof SECTIONS] | "unknown" | null = null;
  let stepSection = "Steps";

  for (const node of tree.children as RootContent[]) {
    if (node.type === "heading" && node.depth === 2) {
      const name = toString(node).trim().toLowerCase();
      current = Object.hasOwn(SECTIONS, name) ? SECTIONS[name as keyof typeof SECTIONS] : "unknown";
      if (current === "unknown") problems.push(`unknown section "## ${toString(node)}" (use Root cause, Steps, Monitoring)`);
      continue;
    }
    if (node.type === "heading" && node.depth === 1) continue;
    if (current === null) {
      problems.push(`text before the first section: "${toString(node).slice(0, 40)}"`);
      continue;
    }
    if (current === "unknown") continue;
    if (current !== "steps") {
      parts[current].push(source(content, node));
      continue;
    }
    if (node.type === "heading" && node.depth === 3) stepSection = toString(node).trim();
    else if (node.type === "list") for (const item of node.children) steps.push(readStep(item, content, stepSection, catalog, problems));
    else problems.push(`under Steps only "###" groups and lists of steps go; found ${node.type} "${toString(node).slice(0, 40)}"`);
  }

  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.id)) problems.push(`two steps have the id "${step.id}"; give one an explicit {#anchor}`);
    seen.add(step.id);
  }
  if (steps.length === 0) problems.push("no steps");
  if (parts.rootCause.length === 0) problems.push("no ## Root cause");
  if (parts.monitoring.length === 0) problems.push("no ## Monitoring");
  if (problems.length > 0 || !front.success) throw new RunbookParseError(slug, problems);

  return {
    slug,
    ...front.data,
    rootCause: parts.rootCause.join("\n\n"),
    monitoring: parts.monitoring.join("\n\n"),
    steps,
  };
}
