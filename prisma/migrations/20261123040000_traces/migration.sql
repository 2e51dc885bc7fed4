-- CreateTable
-- Partitioned by day on start_time: retention detaches and drops whole partitions
-- (DETACH PARTITION CONCURRENTLY), which never blocks readers, and each day's indexes stay small.
-- Partitions are created ahead of time by lib/traces/retention.ts; there is deliberately no
-- DEFAULT partition, because one would forbid concurrent detaching.
CREATE TABLE "trace_spans" (
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,
    "parent_span_id" TEXT,
    "name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "kind" INTEGER NOT NULL DEFAULT 0,
    "start_time" TIMESTAMPTZ(6) NOT NULL,
    "start_ns" BIGINT NOT NULL,
    "duration_ns" BIGINT NOT NULL,
    "status_code" INTEGER NOT NULL DEFAULT 0,
    "status_message" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "events" JSONB NOT NULL DEFAULT '[]',
    "links" JSONB NOT NULL DEFAULT '[]',
    "resource" JSONB NOT NULL DEFAULT '{}',
    "scope" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "trace_spans_pkey" PRIMARY KEY ("trace_id","span_id","start_time")
) PARTITION BY RANGE ("start_time");

-- CreateTable
CREATE TABLE "trace_summaries" (
    "trace_id" TEXT NOT NULL,
    "root_span_id" TEXT,
    "root_name" TEXT,
    "root_service" TEXT,
    "services" TEXT[],
    "start_time" TIMESTAMPTZ(6) NOT NULL,
    "start_ns" BIGINT NOT NULL,
    "end_ns" BIGINT NOT NULL,
    "duration_ns" BIGINT NOT NULL,
    "span_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "connections_used" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trace_summaries_pkey" PRIMARY KEY ("trace_id")
);

-- CreateIndex
CREATE INDEX "trace_spans_trace_id_start_ns_span_id_idx" ON "trace_spans"("trace_id", "start_ns", "span_id");

-- CreateIndex
CREATE INDEX "trace_summaries_start_time_idx" ON "trace_summaries"("start_time" DESC);

-- CreateIndex
CREATE INDEX "trace_summaries_root_name_start_time_idx" ON "trace_summaries"("root_name", "start_time" DESC);

-- CreateIndex
CREATE INDEX "trace_summaries_duration_ns_idx" ON "trace_summaries"("duration_ns" DESC);

-- CreateIndex
CREATE INDEX "trace_summaries_connections_used_idx" ON "trace_summaries"("connections_used" DESC);

-- CreateIndex
CREATE INDEX "trace_summaries_services_idx" ON "trace_summaries" USING GIN ("services");
