-- Span-level trace search (lib/traces/queries.ts): every span's attributes and its name with its
-- duration are searched, not only the trace summaries. Created on the partitioned parent, so each
-- day's partition (made ahead by lib/traces/retention.ts) gets its own pair and retention drops them
-- with it. Measured by bench/traces/search.ts (query time) and bench/traces/ingest.ts (what they cost
-- ingestion); the figures are in README's "Searching spans".

-- `attributes @> '{"request_id": "…"}'` (attribute equality, request-id correlation). jsonb_path_ops
-- indexes only containment, which is all the search asks of it, and is about a third the size of
-- the default jsonb_ops.
CREATE INDEX "trace_spans_attributes_idx" ON "trace_spans" USING GIN ("attributes" jsonb_path_ops);

-- `name = … AND duration_ns >= …` (the vector-search runbook's slow vector.similaritySearch spans).
-- Partial: only spans of 100 ms or more (seed 000's "slow"), a few percent of them, are indexed, so
-- ingestion barely pays for it (a full (name, duration_ns) index cost raw inserts 10-20 %); searches
-- asking for at least 100 ms use it, shorter or name-only ones use the other indexes or read the range.
CREATE INDEX "trace_spans_name_duration_ns_idx" ON "trace_spans"("name", "duration_ns") WHERE "duration_ns" >= 100000000;
