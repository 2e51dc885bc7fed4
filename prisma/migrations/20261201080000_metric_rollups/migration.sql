-- Rollups of metric points per series, field and 1-minute / 1-hour bucket (lib/metrics/rollup/).
-- Rows are deltas: each write batch inserts one row per bucket it touches, so late points land in
-- their bucket and concurrent writers never overwrite each other; queries merge a bucket's rows,
-- and the rollup job compacts them into one. `source` names the raw store the rows summarise.
-- `sum` is NUMERIC so that adding a bucket's rows is exact and associative: the same points give
-- the same sum to the last bit whatever order rows are merged or compacted in.
-- CreateTable
CREATE TABLE "metric_rollups" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "measurement" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "bucket" TIMESTAMPTZ(6) NOT NULL,
    "count" BIGINT NOT NULL,
    "sum" NUMERIC NOT NULL,
    "min" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,
    "last" JSONB,
    "last_time" BIGINT NOT NULL,
    "sketch" BYTEA,

    CONSTRAINT "metric_rollups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "metric_rollups_source_measurement_field_resolution_bucket_idx" ON "metric_rollups"("source", "measurement", "field", "resolution", "bucket");

-- CreateIndex
CREATE INDEX "metric_rollups_resolution_bucket_idx" ON "metric_rollups"("resolution", "bucket");
