-- CreateTable
CREATE TABLE "incidents" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "severity" TEXT NOT NULL,
    "owner" TEXT,
    "summary" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL,
    "group_key" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "mitigated_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "alerts_resolved_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_alerts" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "alert_name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "generator_url" TEXT,
    "silence_url" TEXT,
    "dashboard_url" TEXT,
    "panel_url" TEXT,
    "values" JSONB,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notifications" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "incident_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_runbook_runs" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" INTEGER NOT NULL,
    "runbook_slug" TEXT NOT NULL,
    "attached_by" TEXT NOT NULL,
    "attached_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_runbook_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_runbook_checks" (
    "run_id" BIGINT NOT NULL,
    "step_id" TEXT NOT NULL,
    "checked" BOOLEAN NOT NULL,
    "by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,

    CONSTRAINT "incident_runbook_checks_pkey" PRIMARY KEY ("run_id","step_id")
);

-- CreateTable
CREATE TABLE "incident_notes" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" INTEGER NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incidents_created_at_idx" ON "incidents"("created_at" DESC);

-- CreateIndex
CREATE INDEX "incidents_status_created_at_idx" ON "incidents"("status", "created_at" DESC);

-- One live (not resolved) incident per alert group, so concurrent webhook deliveries of the same
-- group cannot open two. Prisma's schema language has no partial index; it lives only here.
CREATE UNIQUE INDEX "incidents_live_group_key_key" ON "incidents"("group_key") WHERE "status" <> 'resolved';

-- CreateIndex
CREATE INDEX "incident_alerts_fingerprint_received_at_idx" ON "incident_alerts"("fingerprint", "received_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "incident_alerts_incident_id_fingerprint_key" ON "incident_alerts"("incident_id", "fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "incident_runbook_runs_incident_id_runbook_slug_key" ON "incident_runbook_runs"("incident_id", "runbook_slug");

-- CreateIndex
CREATE INDEX "incident_notes_incident_id_at_idx" ON "incident_notes"("incident_id", "at");

-- AddForeignKey
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_runbook_runs" ADD CONSTRAINT "incident_runbook_runs_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_runbook_checks" ADD CONSTRAINT "incident_runbook_checks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "incident_runbook_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_notes" ADD CONSTRAINT "incident_notes_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
