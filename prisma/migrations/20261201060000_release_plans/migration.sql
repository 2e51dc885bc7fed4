-- CreateTable
CREATE TABLE "rollout_plans" (
    "id" SERIAL NOT NULL,
    "flag_name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "template" TEXT,
    "status" TEXT NOT NULL,
    "stages" JSONB NOT NULL,
    "guards" JSONB NOT NULL,
    "alpha" DOUBLE PRECISION NOT NULL,
    "rollback_to" TEXT NOT NULL,
    "no_data_grace_minutes" DOUBLE PRECISION NOT NULL,
    "current_stage" INTEGER NOT NULL DEFAULT -1,
    "stage_started_at" TIMESTAMPTZ(3),
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "last_verdict" JSONB,
    "last_evaluated_at" TIMESTAMPTZ(3),
    "status_reason" TEXT,
    "incident_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "rollout_plans_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "rollout_plans_status_check" CHECK ("status" IN ('scheduled', 'running', 'paused', 'completed', 'rolled_back', 'aborted'))
);

-- CreateTable
CREATE TABLE "rollout_evaluations" (
    "id" BIGSERIAL NOT NULL,
    "plan_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stage" INTEGER NOT NULL,
    "percentage" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "verdict" JSONB NOT NULL,

    CONSTRAINT "rollout_evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollout_templates" (
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "stages" JSONB NOT NULL,
    "guards" JSONB NOT NULL,
    "alpha" DOUBLE PRECISION NOT NULL,
    "rollback_to" TEXT NOT NULL,
    "no_data_grace_minutes" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "rollout_templates_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "leases" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leases_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "rollout_plans_flag_name_created_at_idx" ON "rollout_plans"("flag_name", "created_at" DESC);

-- CreateIndex
CREATE INDEX "rollout_plans_status_idx" ON "rollout_plans"("status");

-- At most one active plan per flag, whoever races to create it. Prisma's schema language has no
-- partial index; it lives only here.
CREATE UNIQUE INDEX "rollout_plans_active_flag_key" ON "rollout_plans"("flag_name") WHERE "status" IN ('scheduled', 'running', 'paused');

-- CreateIndex
CREATE INDEX "rollout_evaluations_plan_id_at_idx" ON "rollout_evaluations"("plan_id", "at" DESC);

-- AddForeignKey
ALTER TABLE "rollout_plans" ADD CONSTRAINT "rollout_plans_flag_name_fkey" FOREIGN KEY ("flag_name") REFERENCES "feature_flags"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollout_evaluations" ADD CONSTRAINT "rollout_evaluations_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "rollout_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Flag exposures in spans, as the OpenFeature OpenTelemetry hooks write them: a span event named
-- feature_flag.evaluation (SpanEventHook) or a span with a feature_flag.key attribute (SpanHook).
-- Partial, so spans without flags cost ingestion nothing here; the evaluator's query repeats the predicate.
CREATE INDEX "trace_spans_flag_exposure_idx" ON "trace_spans"("start_time")
    WHERE "events" @> '[{"name": "feature_flag.evaluation"}]' OR "attributes" ? 'feature_flag.key';

-- The templates every Opsdeck starts with. seed-000 follows seed 000's rollout strategy (target
-- users only, then 10 %, 50 %, 100 %, a day each) and its runbook's "error rate > 5 %" rollback;
-- demo-fast is the same shape in minutes. Admins edit both through the API.
INSERT INTO "rollout_templates" ("name", "description", "stages", "guards", "alpha", "rollback_to", "no_data_grace_minutes", "updated_by") VALUES
('seed-000', 'Seed 000''s four-day procedure: target users only → 10 % canary → 50 % if healthy → 100 %, a day each',
 '[{"percentage":0,"minDwellMinutes":1440,"minSamplePerArm":0},{"percentage":10,"minDwellMinutes":1440,"minSamplePerArm":1000},{"percentage":50,"minDwellMinutes":1440,"minSamplePerArm":1000},{"percentage":100,"minDwellMinutes":1440,"minSamplePerArm":0}]',
 '[{"metric":"error_rate","direction":"higher_is_worse","relativeMargin":0.5,"absoluteThreshold":5,"action":"rollback"},{"metric":"latency","direction":"higher_is_worse","relativeMargin":20,"action":"hold"}]',
 0.05, 'zero', 60, 'migration'),
('demo-fast', 'The same stages a minute each, for demos and tests',
 '[{"percentage":0,"minDwellMinutes":1,"minSamplePerArm":0},{"percentage":10,"minDwellMinutes":1,"minSamplePerArm":100},{"percentage":50,"minDwellMinutes":1,"minSamplePerArm":200},{"percentage":100,"minDwellMinutes":1,"minSamplePerArm":0}]',
 '[{"metric":"error_rate","direction":"higher_is_worse","relativeMargin":1,"absoluteThreshold":5,"action":"rollback"},{"metric":"latency","direction":"higher_is_worse","relativeMargin":25,"action":"hold"}]',
 0.05, 'zero', 2, 'migration');
