"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useMemo, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTimeZone } from "@/components/ui/time-zone";
import { UrlProblems } from "@/components/ui/url-problems";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { useTraceCount, useTraceList } from "@/lib/traces/hooks";
import { MAX_MATCHED_SPANS, type TraceSummary } from "@/lib/traces/schemas";
import {
  filtersFromSearchParams,
  filtersToQuery,
  TRACE_FILTER_KEYS,
  TRACE_PAGE_SIZE,
  traceListPage,
  withoutPaging,
  type TraceListFilters,
  type TraceListPage,
} from "@/lib/traces/search-params";
import { formatSpanDuration } from "@/lib/traces/tree";
import { formatDateTime, fromDateTimeInput, toDateTimeInput, zoneLabel } from "@/lib/ui/date-time";
import { URL_STATE_OPTIONS, stringParsers } from "@/lib/ui/url-state";

// Recharts loads after the page: the table of traces is usable before the scatter is drawn.
const DurationScatter = dynamic(() => import("@/components/traces/duration-scatter").then((module) => module.DurationScatter), {
  ssr: false,
  loading: () => <Skeleton className="h-64 w-full" />,
});

const inputClass = "h-9 w-full rounded-md border border-border bg-surface px-2 text-sm";

const FIELDS: { key: (typeof TRACE_FILTER_KEYS)[number]; label: string; type?: string; placeholder?: string; hint?: string }[] = [
  { key: "service", label: "Service", placeholder: "chat-api" },
  { key: "name", label: "Span name", placeholder: "vector.similaritySearch", hint: "any span of the trace, not only the root" },
  { key: "minDurationMs", label: "Span longer than (ms)", type: "number" },
  { key: "attr", label: "Span attribute", placeholder: "http.status_code>=500", hint: "key=value, or key>, >=, <, <= a number" },
  { key: "requestId", label: "Request id", placeholder: "X-Request-ID" },
  { key: "minConnections", label: "Min connections", type: "number" },
  { key: "from", label: "From", type: "datetime-local" },
  { key: "to", label: "To", type: "datetime-local" },
];

function Filters({ filters, onChange }: { filters: TraceListFilters; onChange: (next: Record<string, string | null>) => void }) {
  // datetime-local has no zone: the form speaks the console's zone (labelled), the URL carries ISO instants.
  const zone = useTimeZone();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string | null> = {};
    for (const key of TRACE_FILTER_KEYS) {
      const value = String(form.get(key) ?? "").trim();
      const instant = key === "from" || key === "to" ? fromDateTimeInput(value, zone) : Number.NaN;
      next[key] = !value ? null : key === "from" || key === "to" ? (Number.isFinite(instant) ? new Date(instant).toISOString() : value) : value;
    }
    onChange(next);
  };
  return (
    <form onSubmit={submit} className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6" aria-label="Trace filters" key={filtersToQuery(filters)}>
      {FIELDS.map((field) => (
        <label key={field.key} className="flex min-w-0 flex-col gap-1 text-xs text-muted">
          {field.key === "from" || field.key === "to" ? `${field.label} (${zoneLabel(zone)})` : field.label}
          <input
            name={field.key}
            title={field.hint}
            type={field.type ?? "text"}
            min={field.type === "number" ? 0 : undefined}
            placeholder={field.placeholder}
            defaultValue={field.key === "from" || field.key === "to" ? (filters[field.key] ? toDateTimeInput(filters[field.key] as string, zone) : "") : filters[field.key]}
            className={inputClass}
          />
        </label>
      ))}
      <label className="flex min-w-0 flex-col gap-1 text-xs text-muted">
        Span status
        <select name="spanStatus" defaultValue={filters.spanStatus ?? ""} className={inputClass}>
          <option value="">Any</option>
          <option value="error">Error</option>
          <option value="ok">Ok</option>
          <option value="unset">Unset</option>
        </select>
      </label>
      <label className="flex min-w-0 flex-col gap-1 text-xs text-muted">
        Trace status
        <select name="status" defaultValue={filters.status ?? ""} className={inputClass}>
          <option value="">Any</option>
          <option value="error">Errors</option>
          <option value="ok">No errors</option>
        </select>
      </label>
      <div className="flex items-end gap-2">
        <Button type="submit" size="sm">
          Search
        </Button>
        <Link href="/traces" className="text-sm text-muted underline-offset-2 hover:underline">
          Reset
        </Link>
      </div>
    </form>
  );
}

/** The spans that met the span-level filters, each opening the waterfall with it selected. */
function MatchedSpans({ trace }: { trace: TraceSummary }) {
  return (
    <ul className="flex flex-col gap-0.5" aria-label={`Matching spans of trace ${trace.traceId.slice(0, 8)}`}>
      {trace.matchedSpans.map((span) => (
        <li key={span.spanId} className="truncate">
          <Link href={`/traces/${trace.traceId}?span=${span.spanId}`} className="text-accent hover:underline">
            {span.name}
          </Link>{" "}
          <span className={span.status === "error" ? "text-red-600 dark:text-red-400" : "text-muted"}>
            {formatSpanDuration(span.durationMs)} · {span.service}
            {span.status === "error" ? " · error" : ""}
          </span>
        </li>
      ))}
      {trace.matchedSpans.length === MAX_MATCHED_SPANS ? <li className="text-muted">first {MAX_MATCHED_SPANS} shown</li> : null}
    </ul>
  );
}

function TraceTable({ traces }: { traces: TraceSummary[] }) {
  const zone = useTimeZone();
  const matching = traces.some((trace) => trace.matchedSpans.length > 0);
  return (
    <Table label="Traces" cards>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Root span</TableHeaderCell>
          {matching ? <TableHeaderCell>Matching spans</TableHeaderCell> : null}
          <TableHeaderCell>Started</TableHeaderCell>
          <TableHeaderCell className="text-right">Duration</TableHeaderCell>
          <TableHeaderCell className="text-right">Spans</TableHeaderCell>
          <TableHeaderCell className="text-right">Errors</TableHeaderCell>
          <TableHeaderCell>Services</TableHeaderCell>
          <TableHeaderCell className="text-right">Connections</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {traces.map((trace) => (
          <TableRow key={trace.traceId}>
            <TableCell label="Root span" className="max-w-64 truncate">
              <Link href={`/traces/${trace.traceId}`} className="font-medium text-accent hover:underline">
                {trace.spanName ?? "(missing root)"}
              </Link>
              <div className="font-mono text-xs text-muted">{trace.traceId.slice(0, 16)}…</div>
            </TableCell>
            {matching ? (
              <TableCell label="Matching spans" className="max-w-72 text-xs">
                <MatchedSpans trace={trace} />
              </TableCell>
            ) : null}
            <TableCell label="Started" className="whitespace-nowrap">{formatDateTime(trace.startTime, zone)}</TableCell>
            <TableCell label="Duration" className="text-right tabular-nums">{formatSpanDuration(trace.durationMs)}</TableCell>
            <TableCell label="Spans" className="text-right tabular-nums">{trace.spanCount.toLocaleString()}</TableCell>
            <TableCell label="Errors" className={trace.errorCount ? "text-right font-medium text-red-600 tabular-nums dark:text-red-400" : "text-right tabular-nums"}>
              {trace.errorCount}
            </TableCell>
            <TableCell label="Services" className="max-w-48 truncate text-muted">{trace.services.join(", ")}</TableCell>
            <TableCell label="Connections" className="text-right tabular-nums">{trace.connectionsUsed ?? "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const filterParsers = stringParsers(TRACE_FILTER_KEYS);

/** Where this page sits among the matches, with the way to the newer and older ones. */
function PageNav({ page, counting, onOffset }: { page: TraceListPage; counting: boolean; onOffset: (offset: number) => void }) {
  return (
    <nav aria-label="Pages of traces" className="flex flex-wrap items-center gap-2 text-sm">
      <span data-testid="trace-page" aria-live="polite">
        {counting ? `Traces ${page.first}–${page.last}, newest first (counting…)` : `Traces ${page.first}–${page.last} of ${page.total.toLocaleString()}, newest first`}
      </span>
      <Button size="sm" variant="secondary" disabled={page.newer === null} onClick={() => page.newer !== null && onOffset(page.newer)}>
        Newer
      </Button>
      <Button size="sm" variant="secondary" disabled={page.older === null} onClick={() => page.older !== null && onOffset(page.older)}>
        Older
      </Button>
    </nav>
  );
}

export function TraceList() {
  const [raw, setRaw] = useQueryStates(filterParsers, { ...URL_STATE_OPTIONS, history: "push" });
  const { filters, problems } = useMemo(() => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(raw)) if (value) params.set(key, value);
    return filtersFromSearchParams(params);
  }, [raw]);
  const pageSize = Number(filters.limit ?? TRACE_PAGE_SIZE);
  const offset = Number(filters.offset ?? 0);
  const query = useTraceList({ limit: String(TRACE_PAGE_SIZE), ...filters });
  const count = useTraceCount(withoutPaging(filters));
  const shown = query.data?.length ?? 0;
  const page = traceListPage(offset, pageSize, shown, count.data?.total ?? offset + shown);
  const goTo = (next: number) => void setRaw({ offset: next > 0 ? String(next) : null });
  const range = filters.from && filters.to ? { fromMs: Date.parse(filters.from), toMs: Date.parse(filters.to) } : undefined;
  return (
    <div className="flex flex-col gap-6">
      <UrlProblems problems={problems} fallback="the list below leaves them out." />
      <Filters filters={filters} onChange={(next) => void setRaw(next)} />
      {query.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : query.isError ? (
        <ErrorState title="Traces could not be loaded" message={query.error.message} action={<Button variant="secondary" size="sm" onClick={() => void query.refetch()}>Retry</Button>} />
      ) : query.data.length === 0 ? (
        offset > 0 ? (
          <EmptyState title="No traces on this page" description="The list has fewer traces than this page starts at." action={<Button variant="secondary" size="sm" onClick={() => goTo(0)}>First page</Button>} />
        ) : (
          <EmptyState
            title="No traces match"
            description={
              filters.requestId
                ? `No span carries request id ${filters.requestId} (attribute request_id). It may not have been traced, or be older than the retention.`
                : "Widen the filters, or send spans to POST /v1/traces with any OpenTelemetry SDK."
            }
          />
        )
      ) : (
        <>
          <PageNav page={page} counting={count.isPending} onOffset={goTo} />
          <Card>
            <CardHeader>
              <CardTitle>Duration over time</CardTitle>
              <span className="text-sm text-muted" data-testid="scatter-caption">
                {scatterCaption(query.data, page, range !== undefined)} · click a point to open it
              </span>
            </CardHeader>
            <CardContent>
              <DurationScatter traces={query.data} range={range} />
            </CardContent>
          </Card>
          <Card>
            <TraceTable traces={query.data} />
          </Card>
          <PageNav page={page} counting={count.isPending} onOffset={goTo} />
        </>
      )}
    </div>
  );
}

/** What the scatter draws, said plainly: this page's traces, not every match. */
function scatterCaption(traces: TraceSummary[], page: TraceListPage, spansRange: boolean): string {
  if (page.first === 1 && page.last >= page.total) return `All ${page.total.toLocaleString()} matching traces`;
  return `The ${traces.length} traces of this page (${page.first}–${page.last} of ${page.total.toLocaleString()})${spansRange ? " on the whole range: the other pages' traces are not drawn" : ""}`;
}
