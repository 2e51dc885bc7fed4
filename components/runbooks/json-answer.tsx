import type { ReactNode } from "react";
import { formatPath, highlightedValues, isHighlighted, type JsonPath } from "@/lib/runbooks/highlight";

const MARK = "rounded-sm bg-amber-100 px-0.5 text-amber-950 outline outline-1 outline-amber-400 dark:bg-amber-900 dark:text-amber-50";

function scalar(value: unknown): string {
  return JSON.stringify(value) ?? "undefined";
}

/** Pretty-printed JSON whose highlighted entries are wrapped in <mark>. */
function renderValue(value: unknown, path: JsonPath, patterns: readonly string[], indent: string): ReactNode {
  if (value === null || typeof value !== "object") return scalar(value);
  const inner = `${indent}  `;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  if (entries.length === 0) return Array.isArray(value) ? "[]" : "{}";
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return (
    <>
      {open}
      {"\n"}
      {entries.map(([key, item], index) => {
        const itemPath = [...path, key];
        const entry = (
          <>
            {typeof key === "string" ? `${JSON.stringify(key)}: ` : null}
            {renderValue(item, itemPath, patterns, inner)}
          </>
        );
        return (
          <span key={String(key)}>
            {inner}
            {isHighlighted(itemPath, patterns) ? (
              <mark className={MARK} data-highlight={formatPath(itemPath)}>
                {entry}
              </mark>
            ) : (
              entry
            )}
            {index < entries.length - 1 ? "," : ""}
            {"\n"}
          </span>
        );
      })}
      {indent}
      {close}
    </>
  );
}

const SUMMARY_ROWS = 30;

/** A live answer: the fields the step names first, then the whole JSON with them marked. Text answers show as they came. */
export function JsonAnswer({ value, highlight }: { value: unknown; highlight: readonly string[] }) {
  const picked = highlightedValues(value, highlight);
  return (
    <div className="space-y-2">
      {picked.length > 0 ? (
        <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs" aria-label="Fields to look at">
          {picked.slice(0, SUMMARY_ROWS).map((hit) => (
            <div key={hit.path} className="contents">
              <dt className="font-mono break-all text-muted">{hit.path}</dt>
              <dd className="font-mono break-all">
                <mark className={MARK}>{typeof hit.value === "object" && hit.value !== null ? JSON.stringify(hit.value).slice(0, 200) : scalar(hit.value)}</mark>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {picked.length > SUMMARY_ROWS ? <p className="text-xs text-muted">…and {picked.length - SUMMARY_ROWS} more, marked below.</p> : null}
      <pre className="max-h-80 overflow-auto rounded-md border border-border bg-surface-muted p-3 font-mono text-xs leading-relaxed" tabIndex={0} aria-label="Answer">
        {typeof value === "string" ? value : renderValue(value, [], highlight, "")}
      </pre>
    </div>
  );
}
