import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import {
  createPlanBodySchema,
  evaluationSchema,
  evaluationsQuerySchema,
  flagPlansParamsSchema,
  listPlansQuerySchema,
  planActionBodySchema,
  planIdParamsSchema,
  planSchema,
  templateBodySchema,
  templateParamsSchema,
  templateSchema,
} from "@/lib/rollouts/schemas";

const TAGS = ["Rollout plans"];

const transition = (verb: "pause" | "resume" | "abort", summary: string) =>
  defineEndpoint({
    method: "POST",
    path: `/api/admin/rollout-plans/{id}/${verb}`,
    access: "operator",
    summary,
    tags: TAGS,
    params: planIdParamsSchema,
    body: planActionBodySchema,
    response: planSchema,
    otherResponses: { 404: "No such plan", 409: "The plan cannot do this from its status, or the version sent is stale" },
  });

export const rolloutEndpoints = {
  list: defineEndpoint({
    method: "GET",
    path: "/api/admin/rollout-plans",
    access: "viewer",
    summary: "Release plans, newest first (active=true: scheduled, running and paused only)",
    tags: TAGS,
    query: listPlansQuerySchema,
    response: z.object({ plans: z.array(planSchema) }),
  }),
  create: defineEndpoint({
    method: "POST",
    path: "/api/admin/feature-flags/{name}/rollout-plans",
    access: "operator",
    summary: "Start a release plan for a flag from a template (seed-000 by default), any setting overridden",
    description:
      "The plan starts at `startAt` (now when absent) on the evaluator's next tick. While it is active the flag's rolloutPercentage belongs to it: a manual change of the percentage answers 409 plan_active; the kill switch and the emergency rollback still work and pause the plan.",
    tags: TAGS,
    params: flagPlansParamsSchema,
    body: createPlanBodySchema,
    response: planSchema,
    successStatus: 201,
    otherResponses: { 404: "No such flag or template", 409: "The flag already has an active plan" },
  }),
  get: defineEndpoint({
    method: "GET",
    path: "/api/admin/rollout-plans/{id}",
    access: "viewer",
    summary: "One plan: its stages, where it is, the last verdict and when the next step is due",
    tags: TAGS,
    params: planIdParamsSchema,
    response: planSchema,
    otherResponses: { 404: "No such plan" },
  }),
  evaluations: defineEndpoint({
    method: "GET",
    path: "/api/admin/rollout-plans/{id}/evaluations",
    access: "viewer",
    summary: "The plan's decisions with their numbers (per guard: both arms, effect, bound, statistic, limit), newest first",
    tags: TAGS,
    params: planIdParamsSchema,
    query: evaluationsQuerySchema,
    response: z.object({ evaluations: z.array(evaluationSchema) }),
    otherResponses: { 404: "No such plan" },
  }),
  pause: transition("pause", "Pause a plan: the flag stays where it is"),
  resume: transition("resume", "Resume a paused plan: the current stage's dwell and sample start again"),
  abort: transition("abort", "Abort a plan: the flag stays where it is and the plan stops for good"),
  templates: defineEndpoint({
    method: "GET",
    path: "/api/admin/rollout-templates",
    access: "viewer",
    summary: "Plan templates (seed-000, demo-fast and any an admin saved)",
    tags: TAGS,
    response: z.object({ templates: z.array(templateSchema) }),
  }),
  saveTemplate: defineEndpoint({
    method: "PUT",
    path: "/api/admin/rollout-templates/{name}",
    access: "admin",
    summary: "Create or replace a template",
    tags: TAGS,
    params: templateParamsSchema,
    body: templateBodySchema,
    response: templateSchema,
  }),
};
