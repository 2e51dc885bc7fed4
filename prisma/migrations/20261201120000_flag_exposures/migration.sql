-- CreateTable
-- Flag exposures picked out of spans as they arrive (lib/traces/flag-exposures.ts): one row per flag
-- evaluated for a user in a trace, with the user's bucket for that flag (hundredths of a percent,
-- the hash that decides who gets it) and the span's outcome. The rollout evaluator aggregates every
-- running plan's stage per arm in one query each tick; reading the same out of trace_spans' JSON,
-- user by user, cost seconds per tick (100 plans over 80,000 spans). One row per (flag, trace): a
-- trace is one request whichever of its spans evaluated the flag.
-- Not backfilled: the bucket is computed in Opsdeck (MurmurHash3), not in SQL. A plan running across
-- the upgrade gathers its stage's sample again from then on: it waits longer, it never advances on less.
CREATE TABLE "flag_exposures" (
    "flag" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "start_time" TIMESTAMPTZ(6) NOT NULL,
    "span_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "is_root" BOOLEAN NOT NULL,
    "status_code" INTEGER NOT NULL,
    "duration_ns" BIGINT NOT NULL,

    CONSTRAINT "flag_exposures_pkey" PRIMARY KEY ("flag","trace_id")
);

-- CreateIndex
CREATE INDEX "flag_exposures_flag_start_time_idx" ON "flag_exposures"("flag", "start_time");

-- CreateIndex
CREATE INDEX "flag_exposures_start_time_idx" ON "flag_exposures"("start_time");

-- The evaluator no longer reads flags out of trace_spans: the partial index would only cost ingestion.
DROP INDEX "trace_spans_flag_exposure_idx";
