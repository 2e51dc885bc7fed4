-- CreateTable
CREATE TABLE "periodic_job_runs" (
    "name" TEXT NOT NULL,
    "ran_at" TIMESTAMPTZ(3) NOT NULL,
    "ran_by" TEXT NOT NULL,

    CONSTRAINT "periodic_job_runs_pkey" PRIMARY KEY ("name")
);
