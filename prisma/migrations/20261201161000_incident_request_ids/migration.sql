-- CreateTable
-- The request ids an incident carries (seed 002: "Every incident ticket must include request_id"):
-- taken from its alerts' `request_id` label or annotation as they arrive ("alert"), or added by hand
-- ("manual"). One row per (incident, request id); each links to the traces and log lines carrying it.
CREATE TABLE "incident_request_ids" (
    "incident_id" INTEGER NOT NULL,
    "request_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "added_by" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_request_ids_pkey" PRIMARY KEY ("incident_id","request_id")
);

-- CreateIndex
CREATE INDEX "incident_request_ids_request_id_idx" ON "incident_request_ids"("request_id");

-- AddForeignKey
ALTER TABLE "incident_request_ids" ADD CONSTRAINT "incident_request_ids_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
