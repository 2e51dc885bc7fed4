import { describe, expect, it } from "vitest";
import type { Span } from "@/lib/traces/schemas";
import { buildTree, collapsedBeyond, formatSpanDuration, reveal, rulerTicks, searchTree, serviceColor, spanMarking, visibleRows } from "@/lib/traces/tree";

const BASE = 1_767_000_000_000_000_000n;

function span(spanId: string, parentSpanId: string | null, startMs: number, duration: number, extra: Partial<Span> = {}): Span {
  return {
    spanId,
    parentSpanId,
    name: spanId,
    service: "api",
    kind: 1,
    startTime: "",
    startTimeUnixNano: (BASE + BigInt(Math.round(startMs * 1e6))).toString(),
    duration,
    durationNs: String(duration * 1e6),
    status: "ok",
    statusMessage: null,
    attributes: {},
    events: [],
    links: [],
    resource: {},
    scope: {},
    ...extra,
  };
}

// Seed 000's example: POST /api/chat with auth, then chat → vector → vertex, and llm.
const seed = [
  span("llm", "chat", 400, 1034),
  span("root", null, 0, 1800),
  span("auth", "root", 0, 523),
  span("chat", "root", 530, 1240, { service: "chat" }),
  span("vector", "chat", 540, 189, { service: "vector", attributes: { topK: 5, department: "legal" } }),
  span("vertex", "vector", 545, 172, { service: "vertex", status: "error", statusMessage: "quota" }),
];

const names = (tree: ReturnType<typeof buildTree>, rows: number[]) =>
  rows.map((index) => {
    const node = tree.nodes[index]!;
    return node.kind === "span" ? `${"  ".repeat(node.depth)}${node.span.name}` : `missing ${node.parentSpanId}`;
  });

describe("buildTree", () => {
  it("nests spans under their parents in start order, whatever order they arrive in", () => {
    const tree = buildTree(seed);
    expect(names(tree, visibleRows(tree, new Set()))).toEqual(["root", "  auth", "  chat", "    llm", "    vector", "      vertex"]);
    expect(tree.services).toEqual(["api", "chat", "vector", "vertex"]);
    expect(tree.errorCount).toBe(1);
    expect(tree.durationMs).toBe(1800);
  });

  it("puts orphans under one 'missing parent' marker per absent parent, after the real roots", () => {
    const tree = buildTree([...seed, span("o1", "gone", 50, 5), span("o2", "gone", 20, 5), span("o3", "other", 10, 1)]);
    expect(names(tree, visibleRows(tree, new Set())).slice(6)).toEqual(["missing other", "  o3", "missing gone", "  o2", "  o1"]);
  });

  it("keeps every span reachable when parents form a cycle, and ignores duplicate ids", () => {
    const tree = buildTree([span("a", "b", 0, 1), span("b", "a", 1, 1), span("a", null, 5, 1)]);
    expect(visibleRows(tree, new Set())).toHaveLength(2);
  });

  it("marks the critical path: the chain the request waited on", () => {
    const tree = buildTree(seed);
    const critical = tree.nodes.filter((node) => node.critical).map((node) => (node.kind === "span" ? node.span.spanId : ""));
    // chat ends last and auth ends before chat starts; inside chat, llm ends last and vector overlaps it.
    expect(critical.sort()).toEqual(["chat", "llm", "root", "auth"].sort());
  });

  it("handles 100,000 spans in a deep chain without recursion", () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => span(`s${i}`, i ? `s${i - 1}` : null, i * 0.01, 1));
    const tree = buildTree(chain);
    expect(tree.maxDepth).toBe(99_999);
    expect(visibleRows(tree, new Set())).toHaveLength(100_000);
  });
});

describe("collapsing, revealing and searching", () => {
  const tree = buildTree(seed);
  const index = (id: string) => tree.byId.get(id)!;

  it("hides the descendants of a collapsed span, and shows n levels on request", () => {
    expect(names(tree, visibleRows(tree, new Set([index("chat")])))).toEqual(["root", "  auth", "  chat"]);
    expect(names(tree, visibleRows(tree, collapsedBeyond(tree, 0)))).toEqual(["root"]);
    expect(names(tree, visibleRows(tree, collapsedBeyond(tree, 1)))).toEqual(["root", "  auth", "  chat"]);
  });

  it("reveals a span hidden in collapsed ancestors", () => {
    const collapsed = reveal(tree, collapsedBeyond(tree, 0), index("vertex"));
    expect(visibleRows(tree, collapsed)).toContain(index("vertex"));
  });

  it("finds spans by name, service, attribute and status message, in tree order", () => {
    expect(searchTree(tree, "VECTOR")).toEqual([index("vector")]);
    expect(searchTree(tree, "department=legal")).toEqual([index("vector")]);
    expect(searchTree(tree, "quota")).toEqual([index("vertex")]);
    expect(searchTree(tree, "  ")).toEqual([]);
  });
});

describe("drawing helpers", () => {
  it("gives each service a stable colour and the ruler round ticks", () => {
    expect(serviceColor(["a", "b"], "b")).not.toBe(serviceColor(["a", "b"], "a"));
    expect(rulerTicks(1800)).toEqual([0, 500, 1000, 1500]);
    expect(rulerTicks(0)).toEqual([0]);
    expect(formatSpanDuration(1034)).toBe("1.03 s");
    expect(formatSpanDuration(0.25)).toBe("250 µs");
  });
});

describe("spanMarking", () => {
  it("marks a span longer than the threshold slow, one of the threshold or shorter not, and an error as an error however long", () => {
    expect(spanMarking(span("a", null, 0, 100.5), 100)).toBe("slow");
    expect(spanMarking(span("b", null, 0, 100), 100)).toBeNull();
    expect(spanMarking(span("c", null, 0, 5000, { status: "error" }), 100)).toBe("error");
    expect(spanMarking(span("d", null, 0, 5, { status: "error" }), 100)).toBe("error");
    expect(spanMarking(span("e", null, 0, 250), 500)).toBeNull();
  });
});
