import type { Aggregate } from "@/lib/metrics/aggregate";
import type { AggregateRow, MetricsStore } from "@/lib/metrics/store/types";

/**
 * One series an evaluation needs: an aggregate of one field over a range, grouped by tags, on
 * points whose tags match `where` (a list means any of — only for count and sum, which add up).
 */
export interface SeriesRequest {
  measurement: string;
  field: string;
  fieldBelow?: number;
  fromUs: number;
  toUs: number;
  stepSeconds: number | null;
  groupBy: string[];
  where: Record<string, string | string[]>;
  aggregate: Aggregate;
}

interface Batch {
  tags: string[];
  requests: number[];
  template: SeriesRequest;
}

const batchKey = (request: SeriesRequest, tags: string[]) =>
  JSON.stringify([request.measurement, request.field, request.fieldBelow ?? null, request.fromUs, request.toUs, request.stepSeconds, tags]);

const tagSet = (request: SeriesRequest) => [...new Set([...request.groupBy, ...Object.keys(request.where)])].sort();

/**
 * Groups requests into as few store queries as answer them all: requests over the same
 * measurement, field, range and step, whose group-by and filter tags are the same set, become one
 * query grouped by those tags with every aggregate any of them wants. Each request then reads its
 * rows by filtering on its own tag values — so fifty rules over errors per endpoint cost one
 * query, not fifty. Pure planning; `runBatched` does the I/O.
 */
export function planBatches(requests: SeriesRequest[]): Batch[] {
  const batches = new Map<string, Batch>();
  requests.forEach((request, index) => {
    const tags = tagSet(request);
    const key = batchKey(request, tags);
    const batch = batches.get(key) ?? { tags, requests: [], template: request };
    batch.requests.push(index);
    batches.set(key, batch);
  });
  return [...batches.values()];
}

const aggregateKey = (aggregate: Aggregate) => JSON.stringify(aggregate);
const matches = (tags: Record<string, string>, where: Record<string, string | string[]>) =>
  Object.entries(where).every(([tag, wanted]) => (Array.isArray(wanted) ? wanted.includes(tags[tag] ?? "") : (tags[tag] ?? "") === wanted));

/** Tag filters every request of the batch shares, pushed down into the store's WHERE. */
function commonWhere(requests: SeriesRequest[]): Record<string, string> {
  const [first, ...rest] = requests;
  const shared: Record<string, string> = {};
  for (const [tag, value] of Object.entries(first?.where ?? {})) {
    if (typeof value === "string" && rest.every((request) => request.where[tag] === value)) shared[tag] = value;
  }
  return shared;
}

function combine(fn: Aggregate["fn"], a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  if (fn === "count" || fn === "sum") return a + b;
  if (fn === "min") return Math.min(a, b);
  if (fn === "max") return Math.max(a, b);
  throw new Error(`cannot combine ${fn} over several tag values`);
}

/**
 * Each request's rows (values: its one aggregate), from one store query per batch; a batch whose
 * query failed gives its requests the error instead, so one bad series does not blind the rest.
 */
export async function runBatched(store: Pick<MetricsStore, "aggregate">, requests: SeriesRequest[]): Promise<{ rows: Array<AggregateRow[] | Error>; queries: number }> {
  const out: Array<AggregateRow[] | Error> = requests.map(() => []);
  const batches = planBatches(requests);
  await Promise.all(
    batches.map(async (batch) => {
      const members = batch.requests.map((index) => requests[index] as SeriesRequest);
      const aggregates = [...new Map(members.map((request) => [aggregateKey(request.aggregate), request.aggregate])).values()];
      const where = commonWhere(members);
      const answer = await store
        .aggregate({
        measurement: batch.template.measurement,
        field: batch.template.field,
        fieldBelow: batch.template.fieldBelow,
        fromUs: batch.template.fromUs,
        toUs: batch.template.toUs,
        stepSeconds: batch.template.stepSeconds,
        groupBy: batch.tags,
        where: Object.keys(where).length ? where : undefined,
          aggregates,
        })
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      if (answer instanceof Error) {
        for (const index of batch.requests) out[index] = answer;
        return;
      }
      const rows = answer;
      batch.requests.forEach((index) => {
        const request = requests[index] as SeriesRequest;
        const column = aggregates.findIndex((aggregate) => aggregateKey(aggregate) === aggregateKey(request.aggregate));
        const grouped = new Map<string, AggregateRow>();
        for (const row of rows) {
          if (!matches(row.tags, request.where)) continue;
          const tags = Object.fromEntries(request.groupBy.map((tag) => [tag, row.tags[tag] ?? ""]));
          const key = `${row.time}\u0000${request.groupBy.map((tag) => tags[tag]).join("\u0000")}`;
          const raw = row.values[column];
          const value = typeof raw === "number" ? raw : null;
          const existing = grouped.get(key);
          if (existing) existing.values[0] = combine(request.aggregate.fn, existing.values[0] as number | null, value);
          else grouped.set(key, { time: row.time, tags, values: [value] });
        }
        out[index] = [...grouped.values()].sort((a, b) => a.time - b.time);
      });
    }),
  );
  return { rows: out, queries: batches.length };
}
