import type { Span } from "@/lib/traces/schemas";

/**
 * A trace's spans as a tree the waterfall draws: nesting, orphans grouped under a "missing parent"
 * marker, the critical path, flattening of the expanded rows for virtualisation, and search.
 * Pure and iterative (no recursion), so 100,000-span traces of any depth are fine.
 */

export interface SpanNode {
  kind: "span";
  span: Span;
  /** Position in `tree.nodes`. */
  index: number;
  parent: number | null;
  children: number[];
  depth: number;
  startMs: number;
  durationMs: number;
  critical: boolean;
}

/** Stands for a parent span that never arrived; its children are the orphans that name it. */
export interface MissingParentNode {
  kind: "missing";
  index: number;
  parentSpanId: string;
  parent: null;
  children: number[];
  depth: 0;
  startMs: number;
  durationMs: number;
  critical: false;
}

export type TreeNode = SpanNode | MissingParentNode;

export interface SpanTree {
  nodes: TreeNode[];
  roots: number[];
  byId: Map<string, number>;
  traceStartNs: bigint;
  durationMs: number;
  services: string[];
  errorCount: number;
  maxDepth: number;
}

const byStart = (nodes: TreeNode[]) => (a: number, b: number) => (nodes[a] as TreeNode).startMs - (nodes[b] as TreeNode).startMs || a - b;

export function buildTree(spans: Span[]): SpanTree {
  let traceStartNs = spans.length ? BigInt(spans[0]!.startTimeUnixNano) : 0n;
  for (const span of spans) {
    const start = BigInt(span.startTimeUnixNano);
    if (start < traceStartNs) traceStartNs = start;
  }
  const nodes: TreeNode[] = [];
  const byId = new Map<string, number>();
  let endMs = 0;
  let errorCount = 0;
  const services = new Set<string>();
  for (const span of spans) {
    if (byId.has(span.spanId)) continue; // a duplicate id: the first copy wins, as in storage
    const startMs = Number(BigInt(span.startTimeUnixNano) - traceStartNs) / 1e6;
    const node: SpanNode = { kind: "span", span, index: nodes.length, parent: null, children: [], depth: 0, startMs, durationMs: span.duration, critical: false };
    byId.set(span.spanId, node.index);
    nodes.push(node);
    endMs = Math.max(endMs, startMs + span.duration);
    services.add(span.service);
    if (span.status === "error") errorCount++;
  }
  const roots: number[] = [];
  const missing = new Map<string, MissingParentNode>();
  const spanCount = nodes.length;
  for (let index = 0; index < spanCount; index++) {
    const node = nodes[index] as SpanNode;
    const parentId = node.span.parentSpanId;
    if (parentId === null) {
      roots.push(index);
      continue;
    }
    const parentIndex = byId.get(parentId);
    if (parentIndex !== undefined && parentIndex !== index) {
      node.parent = parentIndex;
      nodes[parentIndex]!.children.push(index);
      continue;
    }
    let marker = missing.get(parentId);
    if (!marker) {
      marker = { kind: "missing", index: nodes.length, parentSpanId: parentId, parent: null, children: [], depth: 0, startMs: node.startMs, durationMs: 0, critical: false };
      missing.set(parentId, marker);
      nodes.push(marker);
    }
    marker.children.push(index);
    node.parent = marker.index;
    marker.startMs = Math.min(marker.startMs, node.startMs);
    marker.durationMs = Math.max(marker.durationMs, node.startMs + node.durationMs - marker.startMs);
  }
  // A cycle (a → b → a) has no root: break it at its earliest span so every span is reachable.
  const order = byStart(nodes);
  roots.sort(order);
  const topLevel = [...roots, ...[...missing.values()].map((marker) => marker.index).sort(order)];
  let maxDepth = 0;
  const reached = new Uint8Array(nodes.length);
  const walk = (starts: number[]) => {
    const stack = [...starts].reverse();
    while (stack.length) {
      const index = stack.pop() as number;
      if (reached[index]) continue;
      reached[index] = 1;
      const node = nodes[index] as TreeNode;
      node.children.sort(order);
      for (let child = node.children.length - 1; child >= 0; child--) {
        const childNode = nodes[node.children[child] as number] as TreeNode;
        (childNode as { depth: number }).depth = node.depth + 1;
        maxDepth = Math.max(maxDepth, node.depth + 1);
        stack.push(childNode.index);
      }
    }
  };
  walk(topLevel);
  for (let index = 0; index < nodes.length; index++) {
    if (reached[index]) continue;
    const node = nodes[index] as SpanNode;
    const parent = node.parent === null ? null : nodes[node.parent];
    if (parent) parent.children = parent.children.filter((child) => child !== index);
    node.parent = null;
    node.depth = 0;
    topLevel.push(index);
    walk([index]);
  }
  const tree: SpanTree = {
    nodes,
    roots: topLevel,
    byId,
    traceStartNs,
    durationMs: endMs,
    services: [...services].sort(),
    errorCount,
    maxDepth,
  };
  markCriticalPath(tree);
  return tree;
}

/**
 * The critical path: from the longest root, repeatedly the child that finished last before the
 * current point in time — the chain of work the request actually waited on.
 */
function markCriticalPath(tree: SpanTree): void {
  const spanRoots = tree.roots.filter((index) => tree.nodes[index]?.kind === "span");
  if (spanRoots.length === 0) return;
  const longest = spanRoots.reduce((best, index) => ((tree.nodes[index] as TreeNode).durationMs > (tree.nodes[best] as TreeNode).durationMs ? index : best));
  const stack = [longest];
  while (stack.length) {
    const index = stack.pop() as number;
    const node = tree.nodes[index] as SpanNode;
    node.critical = true;
    let cursor = node.startMs + node.durationMs;
    const byEnd = node.children
      .map((child) => tree.nodes[child] as SpanNode)
      .filter((child) => child.kind === "span")
      .sort((a, b) => b.startMs + b.durationMs - (a.startMs + a.durationMs));
    for (const child of byEnd) {
      const childEnd = child.startMs + child.durationMs;
      if (childEnd > cursor + 1e-9 || child.startMs >= cursor) continue;
      stack.push(child.index);
      cursor = child.startMs;
    }
  }
}

/** The rows to draw: every node whose ancestors are all expanded, in tree order. */
export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<number>): number[] {
  const rows: number[] = [];
  const stack = [...tree.roots].reverse();
  while (stack.length) {
    const index = stack.pop() as number;
    rows.push(index);
    if (collapsed.has(index)) continue;
    const children = (tree.nodes[index] as TreeNode).children;
    for (let child = children.length - 1; child >= 0; child--) stack.push(children[child] as number);
  }
  return rows;
}

/** Collapses every node at `depth` or deeper that has children: "show `depth` levels". */
export function collapsedBeyond(tree: SpanTree, depth: number): Set<number> {
  const collapsed = new Set<number>();
  for (const node of tree.nodes) if (node.children.length && node.depth >= depth) collapsed.add(node.index);
  return collapsed;
}

/** Expands the ancestors of a node so it becomes visible (a search hit, the span in the URL). */
export function reveal(tree: SpanTree, collapsed: ReadonlySet<number>, index: number): Set<number> {
  const next = new Set(collapsed);
  for (let parent = tree.nodes[index]?.parent ?? null; parent !== null; parent = tree.nodes[parent]?.parent ?? null) next.delete(parent);
  return next;
}

function haystack(node: SpanNode): string {
  const { span } = node;
  const attributes = Object.entries(span.attributes).map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return [span.name, span.service, span.spanId, span.statusMessage ?? "", ...attributes].join("\n").toLowerCase();
}

const haystacks = new WeakMap<SpanTree, string[]>();

/** Spans whose name, service, id, status message or an attribute key or value contains the text. */
export function searchTree(tree: SpanTree, text: string): number[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  let texts = haystacks.get(tree);
  if (!texts) {
    texts = tree.nodes.map((node) => (node.kind === "span" ? haystack(node) : ""));
    haystacks.set(tree, texts);
  }
  const hits: number[] = [];
  // In tree order, so "next match" walks down the waterfall.
  for (const index of visibleRows(tree, new Set())) if (texts[index]?.includes(needle)) hits.push(index);
  return hits;
}

const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#db2777", "#65a30d", "#7c3aed", "#ea580c", "#0d9488"];

/** A stable colour per service within a trace (services sorted by name, palette in order). */
export function serviceColor(services: string[], service: string): string {
  const index = services.indexOf(service);
  return PALETTE[(index < 0 ? 0 : index) % PALETTE.length] as string;
}

/** Ruler ticks at round intervals (1, 2, 5 × 10ⁿ ms) for a trace of this length. */
export function rulerTicks(durationMs: number, target = 5): number[] {
  if (!(durationMs > 0)) return [0];
  const raw = durationMs / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = 0; tick <= durationMs + 1e-9; tick += step) ticks.push(Math.round(tick * 1e6) / 1e6);
  return ticks;
}

/** A span's or trace's length, down to microseconds: "850 µs", "12.5 ms", "2.10 s". */
export function formatSpanDuration(ms: number): string {
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(ms >= 600_000 ? 0 : 1)} min`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms >= 1) return `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
  if (ms > 0) return `${Math.round(ms * 1000)} µs`;
  return "0 ms";
}

/**
 * How the waterfall marks a span: "error" (its status is error: red, ⚠), "slow" (it lasted
 * longer than `slowMs`, TRACE_SLOW_SPAN_MS: amber, ⏱; seed 000's "spans indicating > 100 ms"), or null. An error
 * is marked as an error however long it took: it is the stronger signal.
 */
export function spanMarking(span: Pick<Span, "status" | "duration">, slowMs: number): "error" | "slow" | null {
  if (span.status === "error") return "error";
  return span.duration > slowMs ? "slow" : null;
}
