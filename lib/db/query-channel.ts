import dc from "node:diagnostics_channel";
import type pg from "pg";

/**
 * Every query of Opsdeck's pool is published on this tracing channel (start, then asyncEnd or
 * error, with `{ text }` as the context), so lib/observability/tracing.ts can draw it as a child
 * span of the request that waited on it without the database module knowing about tracing. With
 * no subscriber (OPSDECK_TRACE_EXPORT off) a query costs one property check more.
 *
 * Traced: `pool.query(…)` (Prisma's queries outside transactions, Opsdeck's own SQL) and the
 * queries of a client checked out with `await pool.connect()` (transactions) until it is released.
 * Callback-style and submittable (cursor) queries pass through untraced; pg-pool's own query()
 * checks out with a callback, so a pool query is one span, not two.
 */
export interface QueryMessage {
  text: string;
  error?: unknown;
}

export const queryChannel = dc.tracingChannel<unknown, QueryMessage>("opsdeck:db:query");

type Query = (...args: unknown[]) => unknown;

const queryText = (first: unknown): string | undefined =>
  typeof first === "string" ? first : typeof first === "object" && first !== null && typeof (first as { text?: unknown }).text === "string" ? (first as { text: string }).text : undefined;

/** The query function `query`, publishing each promise-style call on the channel while someone listens. */
function publishing(query: Query, self: object): Query {
  return (...args) => {
    const text = queryText(args[0]);
    if (!queryChannel.start.hasSubscribers || text === undefined || typeof args.at(-1) === "function") return query.apply(self, args);
    return queryChannel.tracePromise(() => query.apply(self, args) as Promise<unknown>, { text });
  };
}

export function publishQueries(pool: pg.Pool): void {
  const query = pool.query as unknown as Query;
  (pool as unknown as { query: Query }).query = publishing(query, pool);
  const connect = pool.connect as unknown as Query;
  (pool as unknown as { connect: Query }).connect = (...args: unknown[]) => {
    if (args.length > 0) return connect.apply(pool, args);
    return (connect.call(pool) as Promise<pg.PoolClient>).then((client) => {
      const release = client.release;
      (client as unknown as { query: Query }).query = publishing(client.query as unknown as Query, client);
      client.release = (error?: Error | boolean) => {
        // Back to the prototype's query: pg-pool's own callback-style use of this client is not traced twice.
        delete (client as unknown as { query?: Query }).query;
        client.release = release;
        return release.call(client, error);
      };
      return client;
    });
  };
}
