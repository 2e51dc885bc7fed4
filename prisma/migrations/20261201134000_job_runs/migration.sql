-- CreateTable: one row per run of Opsdeck's own periodic jobs (issue 17, seed 002's job history).
CREATE TABLE "job_runs" (
    "id" BIGSERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_runs_job_started_at_idx" ON "job_runs"("job", "started_at" DESC);

-- CreateIndex
CREATE INDEX "job_runs_started_at_idx" ON "job_runs"("started_at");
