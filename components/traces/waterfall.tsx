"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { parseAsString, useQueryState } from "nuqs";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { SpanDetail } from "@/components/traces/span-detail";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiClientError } from "@/lib/api/client";
import { useTraceSpans } from "@/lib/traces/hooks";
import {
  buildTree,
  collapsedBeyond,
  formatSpanDuration,
  reveal,
  rulerTicks,
  searchTree,
  serviceColor,
  spanMarking,
  visibleRows,
  type SpanTree,
  type TreeNode,
} from "@/lib/traces/tree";
import { cn } from "@/lib/ui/cn";
import { URL_STATE_OPTIONS } from "@/lib/ui/url-state";

const ROW_HEIGHT = 28;

const rowId = (index: number) => `span-row-${index}`;

/** ?span= is shallow and throttled by nuqs: arrow keys change it many times a second without a navigation. */
const spanParser = parseAsString.withOptions(URL_STATE_OPTIONS);

function Ruler({ tree }: { tree: SpanTree }) {
  const ticks = rulerTicks(tree.durationMs);
  return (
    <div className="relative h-6 border-b border-border text-[11px] text-muted" aria-hidden="true">
      {ticks.map((tick) => (
        <span key={tick} className="absolute top-1 -translate-x-px border-l border-border pl-1 whitespace-nowrap" style={{ left: `${(tick / (tree.durationMs || 1)) * 100}%` }}>
          {formatSpanDuration(tick)}
        </span>
      ))}
    </div>
  );
}

function Row({
  node,
  tree,
  slowSpanMs,
  selected,
  hit,
  collapsed,
  onSelect,
  onToggle,
}: {
  node: TreeNode;
  tree: SpanTree;
  slowSpanMs: number;
  selected: boolean;
  hit: boolean;
  collapsed: boolean;
  onSelect: () => void;
  onToggle: () => void;
}) {
  const total = tree.durationMs || 1;
  const left = (node.startMs / total) * 100;
  const width = Math.max((node.durationMs / total) * 100, 0.15);
  const marking = node.kind === "span" ? spanMarking(node.span, slowSpanMs) : null;
  const error = marking === "error";
  const slow = marking === "slow";
  const color = node.kind === "span" ? serviceColor(tree.services, node.span.service) : "transparent";
  return (
    <div
      id={rowId(node.index)}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-selected={selected}
      aria-expanded={node.children.length ? !collapsed : undefined}
      data-critical={node.critical || undefined}
      data-marking={marking ?? undefined}
      onClick={onSelect}
      className={cn(
        "grid h-7 cursor-pointer grid-cols-[minmax(9rem,40%)_1fr] items-center text-xs",
        selected ? "bg-accent-soft" : hit ? "bg-yellow-100 dark:bg-yellow-900/40" : "hover:bg-surface-muted",
      )}
    >
      <div className="flex min-w-0 items-center gap-1 pr-2" style={{ paddingLeft: `${Math.min(node.depth, 40) * 12 + 4}px` }}>
        {node.children.length ? (
          <button
            type="button"
            tabIndex={-1}
            aria-label={collapsed ? "Expand" : "Collapse"}
            onClick={(event) => {
              event.stopPropagation();
              onToggle();
            }}
            className="size-4 shrink-0 rounded text-muted hover:bg-surface-muted"
          >
            {collapsed ? "▸" : "▾"}
          </button>
        ) : (
          <span className="size-4 shrink-0" />
        )}
        {node.kind === "span" ? (
          <>
            <span className="size-2 shrink-0 rounded-full" style={{ backgroundColor: color }} aria-hidden="true" />
            {node.critical ? (
              <span className="shrink-0 font-bold text-foreground" title="On the critical path">
                ◆<span className="sr-only"> critical path:</span>
              </span>
            ) : null}
            <span
              className={cn("truncate", error && "font-medium text-red-600 dark:text-red-400", slow && "font-medium text-amber-700 dark:text-amber-300")}
              title={`${node.span.service}: ${node.span.name}`}
            >
              {error ? <span aria-label="error">⚠ </span> : null}
              {slow ? <span aria-hidden="true">⏱ </span> : null}
              {node.span.name}
              {slow ? <span className="sr-only">, slow: over {formatSpanDuration(slowSpanMs)}</span> : null}
            </span>
            <span className="hidden shrink-0 text-muted sm:inline">{node.span.service}</span>
          </>
        ) : (
          <span className="truncate text-muted italic">Missing parent {node.parentSpanId}</span>
        )}
        {collapsed ? <span className="shrink-0 text-muted">+{node.children.length}</span> : null}
      </div>
      <div className="relative h-full border-l border-border">
        <div
          className={cn(
            "absolute top-1.5 h-4 rounded-sm",
            node.kind === "missing" && "border border-dashed border-muted",
            error && "ring-2 ring-red-600 dark:ring-red-400",
            slow && "ring-2 ring-amber-500 dark:ring-amber-300",
            node.critical && "outline-2 outline-offset-1 outline-foreground",
          )}
          style={{ left: `${left}%`, width: `${width}%`, backgroundColor: color, opacity: node.kind === "span" ? 0.85 : 1 }}
        />
        <span
          className={cn("pointer-events-none absolute top-1 text-[11px] whitespace-nowrap", slow ? "font-medium text-amber-700 dark:text-amber-300" : "text-muted")}
          style={left + width > 75 ? { right: `${100 - left + 0.5}%` } : { left: `${left + width + 0.5}%` }}
        >
          {formatSpanDuration(node.durationMs)}
        </span>
      </div>
    </div>
  );
}

function WaterfallView({ tree, traceId, loading, slowSpanMs }: { tree: SpanTree; traceId: string; loading: string | null; slowSpanMs: number }) {
  const [initialSpan, setSpanParam] = useQueryState("span", spanParser);
  const [selected, setSelected] = useState<number | null>(() => (initialSpan ? (tree.byId.get(initialSpan) ?? null) : null));
  const [collapsed, setCollapsed] = useState<Set<number>>(() => (selected === null ? new Set() : reveal(tree, new Set(), selected)));
  const [search, setSearch] = useState("");
  const [hitCursor, setHitCursor] = useState(0);
  const deferredSearch = useDeferredValue(search);
  const hits = useMemo(() => searchTree(tree, deferredSearch), [tree, deferredSearch]);
  const hitSet = useMemo(() => new Set(hits), [hits]);
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const rowOf = useMemo(() => {
    const positions = new Map<number, number>();
    rows.forEach((index, position) => positions.set(index, position));
    return positions;
  }, [rows]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const detailRef = useRef<HTMLDivElement>(null);
  /** Below the lg breakpoint the detail sits under the waterfall: a tapped span brings it into view. */
  const showDetail = () => {
    if (window.matchMedia("(max-width: 1023px)").matches) requestAnimationFrame(() => detailRef.current?.scrollIntoView({ block: "start" }));
  };
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const pendingScroll = useRef<number | null>(selected);

  const select = useCallback(
    (index: number | null, scroll = true) => {
      setSelected(index);
      const node = index === null ? null : tree.nodes[index];
      void setSpanParam(node?.kind === "span" ? node.span.spanId : null);
      if (index !== null && scroll) pendingScroll.current = index;
    },
    [tree, setSpanParam],
  );

  useEffect(() => {
    const target = pendingScroll.current;
    if (target === null) return;
    const position = rowOf.get(target);
    if (position !== undefined) {
      virtualizer.scrollToIndex(position, { align: "auto" });
      pendingScroll.current = null;
    }
  }, [rowOf, selected, virtualizer]);

  const toggle = (index: number) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });

  const goToHit = (step: number) => {
    if (hits.length === 0) return;
    const next = (((hitCursor + step) % hits.length) + hits.length) % hits.length;
    setHitCursor(next);
    const index = hits[next] as number;
    setCollapsed((current) => reveal(tree, current, index));
    select(index);
  };

  const onTreeKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const position = selected === null ? -1 : (rowOf.get(selected) ?? -1);
    const node = selected === null ? null : tree.nodes[selected];
    const moveTo = (next: number) => {
      const clamped = Math.max(0, Math.min(rows.length - 1, next));
      if (rows[clamped] !== undefined) select(rows[clamped] as number);
    };
    switch (event.key) {
      case "ArrowDown":
      case "j":
        moveTo(position + 1);
        break;
      case "ArrowUp":
      case "k":
        moveTo(position - 1);
        break;
      case "PageDown":
        moveTo(position + 20);
        break;
      case "PageUp":
        moveTo(position - 20);
        break;
      case "Home":
        moveTo(0);
        break;
      case "End":
        moveTo(rows.length - 1);
        break;
      case "ArrowRight":
        if (node?.children.length) {
          if (collapsed.has(node.index)) toggle(node.index);
          else select(node.children[0] as number);
        }
        break;
      case "ArrowLeft":
        if (node?.children.length && !collapsed.has(node.index)) toggle(node.index);
        else if (node?.parent !== null && node?.parent !== undefined) select(node.parent);
        break;
      case "Enter":
      case " ":
        if (node?.children.length) toggle(node.index);
        break;
      case "/":
        searchRef.current?.focus();
        break;
      case "Escape":
        select(null, false);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  // The shallowest collapsed level tells how many levels are shown.
  const levelsShown = useMemo(() => {
    let shallowest = tree.maxDepth + 1;
    for (const index of collapsed) shallowest = Math.min(shallowest, tree.nodes[index]?.depth ?? shallowest);
    return shallowest;
  }, [collapsed, tree]);

  const selectedNode = selected === null ? null : tree.nodes[selected];
  const root = tree.roots.map((index) => tree.nodes[index]).find((node) => node?.kind === "span");

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span>
          <span className="text-muted">Duration</span> <strong>{formatSpanDuration(tree.durationMs)}</strong>
        </span>
        <span>
          <span className="text-muted">Spans</span> <strong>{tree.nodes.filter((node) => node.kind === "span").length.toLocaleString()}</strong>
        </span>
        <span className={tree.errorCount ? "text-red-600 dark:text-red-400" : undefined}>
          <span className="text-muted">Errors</span> <strong>{tree.errorCount}</strong>
        </span>
        <span className="text-muted">Depth {tree.maxDepth + 1}</span>
        {loading ? <span role="status" className="text-muted">{loading}</span> : null}
        <ul className="flex flex-wrap gap-x-3 gap-y-1" aria-label="Services">
          {tree.services.map((service) => (
            <li key={service} className="flex items-center gap-1 text-xs">
              <span className="size-2.5 rounded-full" style={{ backgroundColor: serviceColor(tree.services, service) }} aria-hidden="true" />
              {service}
            </li>
          ))}
        </ul>
        <span className="flex items-center gap-1.5 text-xs text-muted">
          <span className="font-bold text-foreground" aria-hidden="true">
            ◆
          </span>
          <span className="inline-block h-3 w-5 rounded-sm bg-surface-muted outline-2 outline-offset-1 outline-foreground" aria-hidden="true" />
          critical path (what the trace waited on)
        </span>
        <span className="flex items-center gap-1.5 text-xs text-muted" data-testid="span-legend">
          <span className="font-medium text-red-600 dark:text-red-400">⚠ error</span>
          <span className="inline-block h-3 w-5 rounded-sm ring-2 ring-red-600 dark:ring-red-400" aria-hidden="true" />
          <span className="ml-2 font-medium text-amber-700 dark:text-amber-300">⏱ slow: over {formatSpanDuration(slowSpanMs)}</span>
          <span className="inline-block h-3 w-5 rounded-sm ring-2 ring-amber-500 dark:ring-amber-300" aria-hidden="true" />
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <form
          role="search"
          className="flex min-w-0 flex-1 items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            goToHit(1);
          }}
        >
          <input
            ref={searchRef}
            type="search"
            aria-label="Search spans in this trace"
            placeholder="Search spans: name, service, attribute…  ( / )"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setHitCursor(-1);
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter" && event.shiftKey) {
                event.preventDefault();
                goToHit(-1);
              } else if (event.key === "Escape") {
                treeRef.current?.focus();
              }
            }}
            className="h-9 min-w-0 flex-1 rounded-md border border-border bg-surface px-2 text-sm"
          />
          <span className="shrink-0 text-xs text-muted" aria-live="polite">
            {deferredSearch.trim() ? `${hits.length ? Math.max(hitCursor, 0) + 1 : 0} / ${hits.length}` : ""}
          </span>
          <Button type="button" variant="secondary" size="sm" onClick={() => goToHit(-1)} disabled={!hits.length} aria-label="Previous match">
            ↑
          </Button>
          <Button type="submit" variant="secondary" size="sm" disabled={!hits.length} aria-label="Next match">
            ↓
          </Button>
        </form>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={() => setCollapsed(collapsedBeyond(tree, 0))}>
            Collapse all
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setCollapsed(collapsedBeyond(tree, Math.max(levelsShown - 1, 0)))}>
            One level less
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setCollapsed(collapsedBeyond(tree, levelsShown + 1))}>
            One level more
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setCollapsed(new Set())}>
            Expand all
          </Button>
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Card className="min-w-0 overflow-hidden">
          <div ref={scrollRef} className="h-[calc(100dvh-18rem)] min-h-80 overflow-auto" data-testid="waterfall-scroll">
            <div className="sticky top-0 z-10 grid grid-cols-[minmax(9rem,40%)_1fr] bg-surface">
              <div className="border-b border-border px-2 py-1 text-xs text-muted">{root?.kind === "span" ? root.span.name : "Spans"}</div>
              <Ruler tree={tree} />
            </div>
            <div
              ref={treeRef}
              role="tree"
              tabIndex={0}
              aria-label="Spans of this trace (arrow keys move, left and right collapse and expand, / searches)"
              aria-activedescendant={selected !== null && rowOf.has(selected) ? rowId(selected) : undefined}
              onKeyDown={onTreeKey}
              onFocus={() => {
                if (selected === null && rows.length) select(rows[0] as number, false);
              }}
              className="relative focus:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset"
              style={{ height: virtualizer.getTotalSize() }}
            >
              {virtualizer.getVirtualItems().map((item) => {
                const index = rows[item.index] as number;
                const node = tree.nodes[index] as TreeNode;
                return (
                  <div key={item.key} className="absolute inset-x-0" style={{ top: item.start, height: ROW_HEIGHT }}>
                    <Row
                      node={node}
                      tree={tree}
                      slowSpanMs={slowSpanMs}
                      selected={selected === index}
                      hit={hitSet.has(index)}
                      collapsed={collapsed.has(index)}
                      onSelect={() => {
                        select(index, false);
                        showDetail();
                      }}
                      onToggle={() => toggle(index)}
                    />
                  </div>
                );
              })}
            </div>
          </div>
        </Card>
        <Card ref={detailRef} className="min-w-0 scroll-mt-16 p-4 lg:max-h-[calc(100dvh-18rem)] lg:overflow-auto" aria-label="Span detail">
          {selectedNode?.kind === "span" ? (
            <SpanDetail span={selectedNode.span} startMs={selectedNode.startMs} traceId={traceId} />
          ) : selectedNode?.kind === "missing" ? (
            <p className="text-sm text-muted">
              Span {selectedNode.parentSpanId} never arrived; the {selectedNode.children.length} spans below name it as their parent.
            </p>
          ) : (
            <p className="text-sm text-muted">Select a span (click it, or focus the waterfall and use the arrow keys) to see its attributes, events, links and resource.</p>
          )}
        </Card>
      </div>
    </div>
  );
}

/** The waterfall of one trace: loads its pages, builds the tree, renders only the rows in view; spans over `slowSpanMs` are marked slow. */
export function Waterfall({ traceId, slowSpanMs }: { traceId: string; slowSpanMs: number }) {
  const query = useTraceSpans(traceId);
  const firstPage = query.data?.pages[0];
  const complete = query.isSuccess && !query.hasNextPage;
  const allPages = complete ? query.data.pages : undefined;
  // Built from the first page at once, then once more when every page is in: a 100,000-span
  // trace is usable after one request and is not rebuilt on each of the others.
  const tree = useMemo(() => {
    const pages = allPages ?? (firstPage ? [firstPage] : []);
    return pages.length ? buildTree(pages.flatMap((page) => page.spans)) : null;
  }, [allPages, firstPage]);

  if (query.isPending) return <Skeleton className="h-96 w-full" />;
  if (query.isError && !tree) {
    const notFound = query.error instanceof ApiClientError && query.error.status === 404;
    return notFound ? (
      <EmptyState title="Trace not found" description={`No trace ${traceId}. It may not have been exported yet, or it is older than the retention.`} />
    ) : (
      <ErrorState title="The trace could not be loaded" message={query.error.message} action={<Button variant="secondary" size="sm" onClick={() => void query.refetch()}>Retry</Button>} />
    );
  }
  if (!tree) return null;
  const loadedSpans = query.data?.pages.reduce((sum, page) => sum + page.spans.length, 0) ?? 0;
  const loading = complete ? null : query.isError ? `Stopped after ${loadedSpans.toLocaleString()} spans: ${query.error?.message}` : `Loading spans… ${loadedSpans.toLocaleString()} of ${(firstPage?.spanCount ?? 0).toLocaleString()}`;
  return <WaterfallView key={complete ? "all" : "first"} tree={tree} traceId={traceId} loading={loading} slowSpanMs={slowSpanMs} />;
}
