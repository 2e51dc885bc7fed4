import { systemActor } from "@/lib/audit";
import { db } from "@/lib/db";
import { createFlag, updateFlag } from "@/lib/flags/service";
import { logger } from "@/lib/log";
import { createPlan } from "@/lib/rollouts/plans";
import { ACTIVE_STATUSES, type CreatePlan } from "@/lib/rollouts/schemas";
import { startFlagService } from "./flag-service";
import type { DemoPart } from "./part";

/**
 * Two guarded rollouts on `npm start`: `checkout_new_pricing` fails far more often for the users
 * who get it, so its plan rolls back by itself a few minutes after the start; `search_ranking_v2`
 * is as healthy as before, so its plan advances stage by stage to 100 %. A simulated checkout
 * service (./flag-service.ts: OpenFeature + OFREP + the OTel hook) sends the traffic.
 */
const REQUESTS_PER_SECOND = 10;
const USERS = 5_000;

const DEMO_PLANS: Array<{ flag: string; description: string; treatmentErrorRate: number; plan: Omit<CreatePlan, "startAt"> }> = [
  {
    flag: "checkout_new_pricing",
    description: "New pricing engine at checkout (the demo's failing rollout: its plan rolls back by itself)",
    treatmentErrorRate: 0.15,
    plan: { template: "demo-fast", service: "checkout" },
  },
  {
    flag: "search_ranking_v2",
    description: "Second-generation search ranking (the demo's healthy rollout: its plan advances to 100 %)",
    treatmentErrorRate: 0.01,
    plan: {
      template: "demo-fast",
      service: "search",
      stages: [
        { percentage: 0, minDwellMinutes: 1, minSamplePerArm: 0 },
        { percentage: 10, minDwellMinutes: 2, minSamplePerArm: 100 },
        { percentage: 25, minDwellMinutes: 2, minSamplePerArm: 200 },
        { percentage: 50, minDwellMinutes: 2, minSamplePerArm: 200 },
        { percentage: 100, minDwellMinutes: 1, minSamplePerArm: 0 },
      ],
    },
  },
];

const actor = systemActor("demo");

export const rolloutsDemo: DemoPart = {
  name: "rollouts",
  async seed() {
    for (const demo of DEMO_PLANS) {
      const existing = await db().featureFlag.findUnique({ where: { name: demo.flag } });
      if (!existing) await createFlag({ name: demo.flag, description: demo.description, enabled: false, rolloutPercentage: 0, targetUsers: ["admin1"], targetEnvironments: [], metadata: { owner: demo.plan.service } }, actor);
      // Every start shows the rollout again: a new plan unless one is still active.
      const active = await db().rolloutPlan.findFirst({ where: { flagName: demo.flag, status: { in: [...ACTIVE_STATUSES] } } });
      if (!active) {
        await updateFlag(demo.flag, { rolloutPercentage: 0, enabled: false }, actor);
        await createPlan(demo.flag, { ...demo.plan, noDataGraceMinutes: 2 } as CreatePlan, actor);
      }
    }
  },
  simulate(context) {
    let stopped = false;
    const failed = (error: unknown) => logger.warn({ err: error }, "demo rollout traffic could not be sent");
    const running = (async () => {
      const service = await startFlagService({ opsdeckUrl: context.baseUrl, token: context.token, service: "checkout" });
      while (!stopped) {
        const started = Date.now();
        await Promise.all(
          DEMO_PLANS.map((demo) =>
            service
              .request({
                flag: demo.flag,
                userId: `user-${Math.floor(Math.random() * USERS)}`,
                fails: (enabled) => Math.random() < (enabled ? demo.treatmentErrorRate : 0.01),
                durationMs: (enabled) => (enabled && demo.treatmentErrorRate > 0.05 ? 90 : 60) * Math.exp(0.4 * (Math.random() - 0.5)),
              })
              .catch(failed),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / REQUESTS_PER_SECOND - (Date.now() - started))));
      }
      await service.close();
    })().catch(failed);
    return async () => {
      stopped = true;
      await running;
    };
  },
};
