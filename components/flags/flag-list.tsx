"use client";

import Link from "next/link";
import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";
import { useId, useState } from "react";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { FormattedTime } from "@/components/ui/time-zone";
import { RolloutBar } from "@/components/flags/rollout-bar";
import { FlagStateBadges } from "@/components/flags/state-badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ENVIRONMENTS } from "@/lib/flags/evaluate";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { useEmergencyRollback, useFlags, useRestoreRollouts } from "@/lib/flags/hooks";
import { filterFlags, type FlagFilters, type FlagStateFilter } from "@/lib/flags/view";
import { URL_STATE_OPTIONS } from "@/lib/ui/url-state";

const STATES = ["all", "on", "partial", "off", "stale"] as const satisfies readonly FlagStateFilter[];
const selectClass = "h-10 rounded-md border border-border bg-surface px-2 text-sm";

/** Filters live in the URL (?q=&env=&state=) so a filtered list is a link. */
const filterParsers = {
  q: parseAsString.withDefault(""),
  env: parseAsStringLiteral(["all", ...ENVIRONMENTS]).withDefault("all"),
  state: parseAsStringLiteral(STATES).withDefault("all"),
};

export function FlagList() {
  const flags = useFlags();
  const [filters, setFilters] = useQueryStates(filterParsers, { ...URL_STATE_OPTIONS, clearOnDefault: true });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const rollback = useEmergencyRollback();
  const restore = useRestoreRollouts();
  const permission = useCan(flagEndpoints.emergencyRollback);
  const reasonId = useId();
  const [confirming, setConfirming] = useState(false);
  /** The rollouts as they were before the last rollback, for its Undo. */
  const [previous, setPrevious] = useState<Record<string, number>>({});

  const toggle = (name: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  const names = [...selected];
  const runRollback = () => {
    setConfirming(false);
    const before = Object.fromEntries((flags.data ?? []).filter((flag) => selected.has(flag.name)).map((flag) => [flag.name, flag.rolloutPercentage]));
    restore.reset();
    rollback.mutate({ flags: names }, { onSuccess: () => { setPrevious(before); setSelected(new Set()); } });
  };
  const undoRollback = () => {
    const rolledBack = rollback.data ?? [];
    restore.mutate(rolledBack.map((flag) => ({ name: flag.name, rolloutPercentage: previous[flag.name] ?? flag.rolloutPercentage, version: flag.version })), {
      onSuccess: () => rollback.reset(),
    });
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <label className="flex flex-1 flex-col gap-1 text-sm">
          Search
          <input
            type="search"
            defaultValue={filters.q}
            onChange={(event) => void setFilters({ q: event.target.value })}
            placeholder="name or description"
            className="h-10 rounded-md border border-border bg-surface px-3"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Environment
          <select className={selectClass} value={filters.env} onChange={(event) => void setFilters({ env: event.target.value as FlagFilters["env"] })}>
            <option value="all">all</option>
            {ENVIRONMENTS.map((env) => (
              <option key={env}>{env}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          State
          <select className={selectClass} value={filters.state} onChange={(event) => void setFilters({ state: event.target.value as FlagStateFilter })}>
            {STATES.map((state) => (
              <option key={state}>{state}</option>
            ))}
          </select>
        </label>
        <div className="flex flex-col gap-1">
          <Button
            variant="danger"
            disabled={selected.size === 0 || rollback.isPending || !permission.allowed}
            aria-describedby={permission.allowed ? undefined : reasonId}
            aria-haspopup="dialog"
            onClick={() => setConfirming(true)}
          >
            Emergency rollback{selected.size ? ` (${selected.size})` : ""}
          </Button>
          <NotAllowedReason permission={permission} id={reasonId} />
        </div>
      </div>
      <ConfirmDialog open={confirming} tone="danger" title={`Set the rollout of ${names.length} flag(s) to 0 % now?`} confirmLabel="Roll back to 0 %" onConfirm={runRollback} onCancel={() => setConfirming(false)}>
        <ul className="list-disc pl-5">
          {names.map((name) => (
            <li key={name}>
              {name}: {flags.data?.find((flag) => flag.name === name)?.rolloutPercentage ?? "?"} % → 0 %
            </li>
          ))}
        </ul>
        <p className="mt-2">You can restore the previous rollouts afterwards.</p>
      </ConfirmDialog>
      {rollback.isError ? <ErrorState title="Rollback failed" message={rollback.error.message} /> : null}
      {restore.isError ? <ErrorState title="Restoring the rollouts failed" message={restore.error.message} /> : null}
      {rollback.isSuccess ? (
        <div role="status" className="flex flex-wrap items-center gap-2 text-sm">
          <span>Rolled back to 0 %: {rollback.data.map((flag) => flag.name).join(", ")}</span>
          <Button size="sm" variant="secondary" disabled={restore.isPending} onClick={undoRollback}>
            Undo: restore the previous rollouts
          </Button>
        </div>
      ) : null}
      {restore.isSuccess ? (
        <p role="status" className="text-sm">
          Restored: {restore.data.map((flag) => `${flag.name} ${flag.rolloutPercentage} %`).join(", ")}
        </p>
      ) : null}

      {flags.isPending ? (
        <div role="status" className="flex flex-col gap-2">
          <span className="sr-only">Loading flags…</span>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-16 w-full" />
          ))}
        </div>
      ) : flags.isError ? (
        <ErrorState message={flags.error.message} action={<Button onClick={() => void flags.refetch()}>Retry</Button>} />
      ) : (
        (() => {
          const shown = filterFlags(flags.data, filters);
          if (shown.length === 0) return <EmptyState title="No flags match" description="Change the search or the filters." />;
          return (
            <ul className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface" aria-label="Feature flags">
              {shown.map((flag) => (
                <li key={flag.name} className="flex flex-col gap-2 px-4 py-3 md:flex-row md:items-center md:gap-4">
                  <div className="flex min-w-0 flex-1 items-start gap-3">
                    <input
                      type="checkbox"
                      className="mt-1 size-4"
                      aria-label={`Select ${flag.name} for emergency rollback`}
                      disabled={!permission.allowed}
                      checked={selected.has(flag.name)}
                      onChange={() => toggle(flag.name)}
                    />
                    <div className="min-w-0">
                      <Link href={`/flags/${encodeURIComponent(flag.name)}`} className="font-medium break-all underline-offset-2 hover:underline">
                        {flag.name}
                      </Link>
                      <p className="text-sm text-muted">{flag.description}</p>
                      <FlagStateBadges flag={flag} />
                    </div>
                  </div>
                  <RolloutBar flag={flag} />
                  <p className="text-xs text-muted md:w-48 md:text-right">
                    {flag.lastUpdatedBy} · <FormattedTime iso={flag.lastUpdated} />
                  </p>
                </li>
              ))}
            </ul>
          );
        })()
      )}
    </div>
  );
}
