"use client";

import { useId, useState } from "react";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ENVIRONMENTS, type Environment } from "@/lib/flags/evaluate";
import { flagEndpoints } from "@/lib/flags/endpoints";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { type OptimisticCallbacks, useUpdateTargets } from "@/lib/flags/hooks";
import { parseUserList } from "@/lib/flags/view";

export function TargetsEditor({ flag, callbacks }: { flag: FeatureFlag; callbacks: OptimisticCallbacks }) {
  const [users, setUsers] = useState(flag.targetUsers.join("\n"));
  const [excluded, setExcluded] = useState(flag.excludedUsers.join("\n"));
  const [envs, setEnvs] = useState<Environment[]>(flag.targetEnvironments);
  const { updateTargets, isPending } = useUpdateTargets(flag, callbacks);
  const toggle = (env: Environment) => setEnvs((current) => (current.includes(env) ? current.filter((e) => e !== env) : [...current, env]));
  const permission = useCan(flagEndpoints.update);
  const reasonId = useId();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Targets</CardTitle>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            updateTargets({ targetUsers: parseUserList(users), excludedUsers: parseUserList(excluded), targetEnvironments: envs });
          }}
        >
          <label className="flex flex-col gap-1 text-sm">
            Target users (always on, whatever the rollout) — one per line or comma-separated
            <textarea readOnly={!permission.allowed} value={users} onChange={(event) => setUsers(event.target.value)} rows={3} className="rounded-md border border-border bg-surface p-2 font-mono text-sm" />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Excluded users (always off, even if targeted or at 100 %) — one per line or comma-separated
            <textarea readOnly={!permission.allowed} value={excluded} onChange={(event) => setExcluded(event.target.value)} rows={3} className="rounded-md border border-border bg-surface p-2 font-mono text-sm" />
          </label>
          <fieldset className="flex flex-wrap gap-4 text-sm">
            <legend className="mb-1">Environments (none ticked: every environment)</legend>
            {ENVIRONMENTS.map((env) => (
              <label key={env} className="flex items-center gap-2">
                <input type="checkbox" className="size-4" checked={envs.includes(env)} disabled={!permission.allowed} onChange={() => toggle(env)} />
                {env}
              </label>
            ))}
          </fieldset>
          <div>
            <Button type="submit" size="sm" disabled={isPending || !permission.allowed} aria-describedby={permission.allowed ? undefined : reasonId}>
              Save targets
            </Button>{" "}
            <NotAllowedReason permission={permission} id={reasonId} />
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
