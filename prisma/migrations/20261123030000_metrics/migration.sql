-- CreateTable
CREATE TABLE "metric_points" (
    "id" BIGSERIAL NOT NULL,
    "measurement" TEXT NOT NULL,
    "time" TIMESTAMPTZ(6) NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "fields" JSONB NOT NULL,

    CONSTRAINT "metric_points_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "metric_points_measurement_time_idx" ON "metric_points"("measurement", "time");

-- CreateIndex
CREATE INDEX "metric_points_time_idx" ON "metric_points"("time");
