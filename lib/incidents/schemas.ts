import { z } from "zod";
import { INT32_MAX, indexedText } from "@/lib/api/bounds";

export const INCIDENT_STATUSES = ["open", "mitigated", "resolved"] as const;
export const incidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

/** Alertmanager's usual `severity` label values, most urgent first. */
export const SEVERITIES = ["critical", "high", "warning", "info"] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

const iso = z.iso.datetime({ offset: true });
const stringMap = z.record(z.string(), z.string());

// ---------------------------------------------------------------------------------------------
// Webhook payloads. Unknown extra fields pass through (both senders add fields over time).

/** One alert of Alertmanager's webhook (version "4"). */
export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(["firing", "resolved"]),
  labels: stringMap,
  annotations: stringMap.default({}),
  startsAt: iso,
  // Alertmanager sends "0001-01-01T00:00:00Z" for a firing alert: kept as given, read as "no end".
  endsAt: iso.optional(),
  generatorURL: z.string().default(""),
  fingerprint: z.string().min(1).max(200),
});

export const alertmanagerPayloadSchema = z
  .looseObject({
    version: z.literal("4"),
    groupKey: indexedText(2000),
    truncatedAlerts: z.number().int().nonnegative().default(0),
    status: z.enum(["firing", "resolved"]),
    receiver: z.string(),
    groupLabels: stringMap.default({}),
    commonLabels: stringMap.default({}),
    commonAnnotations: stringMap.default({}),
    externalURL: z.string().default(""),
    alerts: z.array(alertmanagerAlertSchema).min(1).max(1000),
  })
  .meta({ id: "AlertmanagerWebhook", description: "Prometheus Alertmanager's webhook payload, version 4" });
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

/** Grafana Alerting's webhook (version "1"): Alertmanager's shape plus Grafana's links and values. */
export const grafanaPayloadSchema = z
  .looseObject({
    ...alertmanagerPayloadSchema.shape,
    version: z.literal("1"),
    orgId: z.number().int(),
    title: z.string().default(""),
    state: z.string().default(""),
    message: z.string().default(""),
    alerts: z
      .array(
        z.looseObject({
          ...alertmanagerAlertSchema.shape,
          silenceURL: z.string().optional(),
          dashboardURL: z.string().optional(),
          panelURL: z.string().optional(),
          values: z.record(z.string(), z.number().nullable()).nullable().optional(),
        }),
      )
      .min(1)
      .max(1000),
  })
  .meta({ id: "GrafanaWebhook", description: "Grafana Alerting's webhook contact point payload, version 1" });
export type GrafanaPayload = z.infer<typeof grafanaPayloadSchema>;

export const webhookResultSchema = z
  .object({
    incidents: z.array(
      z.object({
        id: z.number().int(),
        url: z.string().describe("Canonical absolute URL of the incident page"),
        created: z.boolean().describe("This delivery opened the incident"),
        alertsFiring: z.number().int(),
        alertsResolved: z.number().int(),
      }),
    ),
  })
  .meta({ id: "AlertWebhookResult" });
export type WebhookResult = z.infer<typeof webhookResultSchema>;

// ---------------------------------------------------------------------------------------------
// Incidents as the API answers them.

export const incidentAlertSchema = z.object({
  fingerprint: z.string(),
  alertName: z.string(),
  status: z.enum(["firing", "resolved"]),
  labels: stringMap,
  annotations: stringMap,
  runbookSlug: z.string().nullable().describe("The runbook the alert names (annotation runbook_url or runbook, label runbook), when it is in the repository"),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  generatorUrl: z.string().nullable(),
  silenceUrl: z.string().nullable(),
  dashboardUrl: z.string().nullable(),
  panelUrl: z.string().nullable(),
  values: z.record(z.string(), z.number().nullable()).nullable(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  notifications: z.number().int(),
});
export type IncidentAlert = z.infer<typeof incidentAlertSchema>;

export const stepCheckSchema = z.object({
  stepId: z.string(),
  checked: z.boolean(),
  by: z.string(),
  at: z.string(),
  note: z.string().nullable(),
});
export type IncidentStepCheck = z.infer<typeof stepCheckSchema>;

export const runbookRunSchema = z.object({
  id: z.string(),
  runbookSlug: z.string(),
  runbookTitle: z.string().nullable().describe("Null when the runbook no longer exists in the repository"),
  stepCount: z.number().int(),
  checkedCount: z.number().int(),
  attachedBy: z.string(),
  attachedAt: z.string(),
  checks: z.array(stepCheckSchema),
});
export type RunbookRun = z.infer<typeof runbookRunSchema>;

export const noteSchema = z.object({ id: z.string(), author: z.string(), body: z.string(), at: z.string() });
export type IncidentNote = z.infer<typeof noteSchema>;

export const TIMELINE_KINDS = [
  "incident_opened",
  "alert_firing",
  "alert_resolved",
  "all_alerts_resolved",
  "status_changed",
  "field_changed",
  "runbook_attached",
  "step_checked",
  "step_unchecked",
  "note",
  "flag_change",
  "cache_invalidation",
  "unlock",
  "config_change",
] as const;
export const timelineEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  actor: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  href: z.string().nullable().describe("Where the entry's subject can be seen in Opsdeck"),
  flag: z.string().nullable().describe("The flag a flag change is about"),
  service: z.string().nullable().describe("The service an alert is about (its service label)"),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const incidentSummarySchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    status: incidentStatusSchema,
    severity: severitySchema,
    owner: z.string().nullable(),
    summary: z.string(),
    source: z.enum(["manual", "alertmanager", "grafana", "rollout", "opsdeck"]).describe("rollout: opened by a guarded rollout's rollback (lib/rollouts); opsdeck: opened by Opsdeck's own alert rules (lib/alerts)"),
    groupKey: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    mitigatedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    alertsResolvedAt: z.string().nullable().describe("When the last firing alert resolved; null while any fires"),
    alertsFiring: z.number().int(),
    version: z.number().int(),
    url: z.string(),
  })
  .meta({ id: "IncidentSummary" });
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

/**
 * A request id as an incident carries it: what X-Request-ID accepts (letters, digits, _ . : -, at
 * most 128), except only dots — `.` and `..` name no path segment, so such an id could never be
 * removed through its URL.
 */
const INCIDENT_REQUEST_ID = /^[\w.:-]*[\w:-][\w.:-]*$/;
export const requestIdSchema = z.string().trim().max(128).regex(INCIDENT_REQUEST_ID, "a request id is 1–128 letters, digits, _ . : or -, not only dots");

export const incidentRequestIdSchema = z
  .object({
    requestId: z.string(),
    source: z.enum(["alert", "manual"]).describe("alert: from an alert's request_id label or annotation; manual: added on the incident"),
    addedBy: z.string(),
    addedAt: z.string(),
    tracesHref: z.string().describe("The trace list filtered to spans with this request_id attribute"),
    logQuery: z.string().describe("The log lines' query for this request id (REQUEST_LOG_QUERY)"),
  })
  .meta({ id: "IncidentRequestId" });
export type IncidentRequestId = z.infer<typeof incidentRequestIdSchema>;

export const incidentLinksSchema = z.object({
  metrics: z.string(),
  traces: z.string(),
  review: z.string(),
});

export const incidentDetailSchema = incidentSummarySchema
  .extend({
    alerts: z.array(incidentAlertSchema),
    runs: z.array(runbookRunSchema),
    notes: z.array(noteSchema),
    requestIds: z.array(incidentRequestIdSchema).describe("Seed 002: the request ids of the incident, oldest first"),
    timeline: z.array(timelineEntrySchema),
    window: z.object({ from: z.string(), to: z.string() }),
    links: incidentLinksSchema,
  })
  .meta({ id: "Incident" });
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const incidentListSchema = z
  .object({ incidents: z.array(incidentSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: "IncidentList" });
export type IncidentList = z.infer<typeof incidentListSchema>;

// ---------------------------------------------------------------------------------------------
// Inputs.

export const incidentIdParamsSchema = z.object({ id: z.coerce.number().int().positive().max(INT32_MAX) });

export const incidentListQuerySchema = z.object({
  status: incidentStatusSchema.optional(),
  severity: severitySchema.optional(),
  from: iso.optional(),
  to: iso.optional(),
  page: z.coerce.number().int().min(1).max(INT32_MAX).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;

export const createIncidentSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  severity: severitySchema.default("warning"),
  owner: z.string().trim().min(1).max(100).optional(),
  summary: z.string().max(5000).default(""),
  runbook: z.string().trim().min(1).max(500).optional().describe("A runbook slug or runbook URL to attach"),
});
export type CreateIncident = z.infer<typeof createIncidentSchema>;

export const updateIncidentSchema = z
  .strictObject({
    status: incidentStatusSchema.optional(),
    severity: severitySchema.optional(),
    owner: z.string().trim().max(100).nullable().optional(),
    title: z.string().trim().min(1).max(200).optional(),
    summary: z.string().max(5000).optional(),
    acknowledge: z.literal(true).optional(),
    version: z.number().int().positive().optional().describe("The version you saw; a stale one answers 409"),
  })
  .refine((value) => Object.keys(value).some((key) => key !== "version"), { message: "Send at least one field to change" });
export type UpdateIncident = z.infer<typeof updateIncidentSchema>;

export const attachRunbookSchema = z.strictObject({ runbook: z.string().trim().min(1).max(500).describe("Slug or runbook URL") });

export const runParamsSchema = z.object({ id: incidentIdParamsSchema.shape.id, runId: z.string().regex(/^\d{1,18}$/) });

export const toggleCheckSchema = z.strictObject({
  stepId: z.string().min(1).max(200),
  checked: z.boolean(),
  note: z.string().trim().max(2000).optional(),
});

export const addNoteSchema = z.strictObject({ body: z.string().trim().min(1).max(10_000) });

export const addRequestIdSchema = z.strictObject({ requestId: requestIdSchema });
export const requestIdParamsSchema = z.object({ id: incidentIdParamsSchema.shape.id, requestId: requestIdSchema });
export const removedRequestIdSchema = z.object({ removed: z.string() });

export const fingerprintParamsSchema = z.object({ fingerprint: z.string().min(1).max(200) });
