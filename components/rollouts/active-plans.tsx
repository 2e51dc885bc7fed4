"use client";

import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useActivePlans } from "@/lib/rollouts/hooks";

/** The Overview's list of active release plans and where each stands. */
export function ActivePlans() {
  const plans = useActivePlans();
  return (
    <Card className="mb-4" role="region" aria-labelledby="active-plans-title">
      <CardHeader>
        <CardTitle id="active-plans-title">Active rollouts</CardTitle>
      </CardHeader>
      <CardContent>
        {plans.isPending ? (
          <div role="status"><span className="sr-only">Loading active rollouts…</span><Skeleton className="h-12 w-full" /></div>
        ) : plans.isError ? (
          <ErrorState message={plans.error.message} />
        ) : plans.data.length === 0 ? (
          <p className="text-sm text-muted">No release plan is running.</p>
        ) : (
          <ul className="grid gap-2">
            {plans.data.map((plan) => (
              <li key={plan.id} className="text-sm">
                <Link className="font-medium underline underline-offset-2" href={`/flags/${encodeURIComponent(plan.flagName)}?plan=${plan.id}`}>{plan.flagName}</Link>{" "}
                · {plan.status} · stage {plan.currentStage + 1} of {plan.stages.length}
                {plan.stages[plan.currentStage] ? ` (${plan.stages[plan.currentStage]?.percentage} %)` : ""}
                <span className="block text-muted">{plan.lastVerdict?.summary ?? plan.statusReason ?? "Not evaluated yet."}</span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
