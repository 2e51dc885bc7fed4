-- CreateTable
CREATE TABLE "alert_rules" (
    "id" SERIAL NOT NULL,
    "default_key" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "query" JSONB NOT NULL,
    "comparison" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "for_duration" TEXT NOT NULL,
    "keep_firing_for" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL,
    "series" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "health" TEXT NOT NULL DEFAULT 'ok',
    "last_error" TEXT,
    "last_evaluated_at" TIMESTAMPTZ(3),
    "last_value" DOUBLE PRECISION,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slos" (
    "id" SERIAL NOT NULL,
    "default_key" TEXT,
    "name" TEXT NOT NULL,
    "display_name" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "service" TEXT NOT NULL,
    "sli" JSONB NOT NULL,
    "objective" DOUBLE PRECISION NOT NULL,
    "window" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "runbook" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "health" TEXT NOT NULL DEFAULT 'ok',
    "last_error" TEXT,
    "last_evaluated_at" TIMESTAMPTZ(3),
    "figures" JSONB,

    CONSTRAINT "slos_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slo_corrections" (
    "id" SERIAL NOT NULL,
    "slo_id" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slo_corrections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_silences" (
    "id" SERIAL NOT NULL,
    "matchers" JSONB NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "alertmanager_id" TEXT,

    CONSTRAINT "alert_silences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_instances" (
    "rule_key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "active_at" TIMESTAMPTZ(3) NOT NULL,
    "fired_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "last_true_at" TIMESTAMPTZ(3) NOT NULL,
    "incident_state" TEXT,
    "last_sent_at" TIMESTAMPTZ(3),
    "generator_url" TEXT NOT NULL,

    CONSTRAINT "alert_instances_pkey" PRIMARY KEY ("rule_key","fingerprint")
);

-- CreateTable
CREATE TABLE "alert_transitions" (
    "id" BIGSERIAL NOT NULL,
    "rule_key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "from_state" TEXT NOT NULL,
    "to_state" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION,

    CONSTRAINT "alert_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_default_key_key" ON "alert_rules"("default_key");

-- CreateIndex
CREATE UNIQUE INDEX "slos_default_key_key" ON "slos"("default_key");

-- CreateIndex
CREATE UNIQUE INDEX "slos_name_key" ON "slos"("name");

-- CreateIndex
CREATE INDEX "slo_corrections_slo_id_starts_at_idx" ON "slo_corrections"("slo_id", "starts_at");

-- CreateIndex
CREATE INDEX "alert_silences_ends_at_idx" ON "alert_silences"("ends_at");

-- CreateIndex
CREATE INDEX "alert_transitions_rule_key_at_idx" ON "alert_transitions"("rule_key", "at" DESC);

-- CreateIndex
CREATE INDEX "alert_transitions_at_idx" ON "alert_transitions"("at" DESC);

-- AddForeignKey
ALTER TABLE "slo_corrections" ADD CONSTRAINT "slo_corrections_slo_id_fkey" FOREIGN KEY ("slo_id") REFERENCES "slos"("id") ON DELETE CASCADE ON UPDATE CASCADE;
