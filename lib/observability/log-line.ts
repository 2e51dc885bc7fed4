import { z } from "zod";

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));

/**
 * One line of Opsdeck's log, in the seeds' schema (README "Logs"). Other fields ride along
 * (`err`, `method`, `endpoint`, event payloads); these are the ones every consumer may rely on.
 */
export const logLineSchema = z
  .looseObject({
    timestamp: z.iso.datetime({ precision: 3 }),
    level: z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]),
    service: z.literal("opsdeck"),
    message: z.string(),
    request_id: z.string().min(1).optional(),
    trace_id: hex(32).optional(),
    span_id: hex(16).optional(),
    status_code: z.number().int().min(100).max(599).optional(),
    duration_ms: z.number().nonnegative().optional(),
  })
  .refine((line) => [line.request_id, line.trace_id, line.span_id].every((id) => id === undefined) || [line.request_id, line.trace_id, line.span_id].every(Boolean), {
    message: "a line written while a request is served carries request_id, trace_id and span_id together",
  })
  .refine((line) => (line.status_code === undefined) === (line.duration_ms === undefined), {
    message: "a request line carries status_code and duration_ms together",
  });

export type LogLine = z.infer<typeof logLineSchema>;
