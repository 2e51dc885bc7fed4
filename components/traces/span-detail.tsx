import Link from "next/link";
import type { Span } from "@/lib/traces/schemas";
import { formatSpanDuration } from "@/lib/traces/tree";

const KIND = ["unspecified", "internal", "server", "client", "producer", "consumer"];

function AttributeTable({ title, values }: { title: string; values: Record<string, unknown> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <section className="mt-3">
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">{title}</h3>
      {/* Keys wrap, never cut: "db.connections_used" must read (and copy) as it is written. */}
      <dl className="flex flex-col gap-1 text-xs">
        {entries.map(([key, value]) => (
          <div key={key} className="border-b border-border/60 pb-1 last:border-b-0">
            <dt className="font-mono wrap-anywhere text-muted">{key}</dt>
            <dd className="font-mono break-all">{typeof value === "string" ? value : JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Everything about one span: timing, status, attributes, events, links, resource. */
export function SpanDetail({ span, startMs, traceId }: { span: Span; startMs: number; traceId: string }) {
  return (
    <div className="text-sm" aria-live="polite">
      <h2 className="text-base font-semibold break-words">{span.name}</h2>
      <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
        <dt className="text-muted">Service</dt>
        <dd>{span.service}</dd>
        <dt className="text-muted">Duration</dt>
        <dd>{formatSpanDuration(span.duration)}</dd>
        <dt className="text-muted">Starts at</dt>
        <dd>+{formatSpanDuration(startMs)}</dd>
        <dt className="text-muted">Status</dt>
        <dd className={span.status === "error" ? "font-medium text-red-600 dark:text-red-400" : undefined}>
          {span.status}
          {span.statusMessage ? `: ${span.statusMessage}` : ""}
        </dd>
        <dt className="text-muted">Kind</dt>
        <dd>{KIND[span.kind] ?? span.kind}</dd>
        <dt className="text-muted">Span id</dt>
        <dd className="font-mono break-all">{span.spanId}</dd>
        <dt className="text-muted">Parent</dt>
        <dd className="font-mono break-all">{span.parentSpanId ?? "— (root)"}</dd>
      </dl>
      <AttributeTable title="Attributes" values={span.attributes} />
      {span.events.length > 0 ? (
        <section className="mt-3">
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">Events</h3>
          <ol className="flex flex-col gap-2">
            {span.events.map((event, index) => (
              <li key={index} className="rounded border border-border p-2 text-xs">
                <div className="font-medium">
                  {event.name}{" "}
                  <span className="text-muted">+{formatSpanDuration(Number(BigInt(event.timeNs) - BigInt(span.startTimeUnixNano)) / 1e6)}</span>
                </div>
                <AttributeTable title="" values={event.attributes} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {span.links.length > 0 ? (
        <section className="mt-3">
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-muted uppercase">Links</h3>
          <ul className="flex flex-col gap-1 text-xs">
            {span.links.map((link) => (
              <li key={`${link.traceId}/${link.spanId}`}>
                <Link className="font-mono text-accent hover:underline" href={`/traces/${link.traceId}?span=${link.spanId}`}>
                  {link.traceId === traceId ? "this trace" : link.traceId.slice(0, 16)}… / {link.spanId}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <AttributeTable title="Resource" values={span.resource} />
      <AttributeTable title="Scope" values={span.scope} />
    </div>
  );
}
