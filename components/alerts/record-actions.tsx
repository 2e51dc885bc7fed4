"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { ruleWithEnabled, sloWithEnabled } from "@/lib/alerts/editing";
import { useDeleteRule, useDeleteSlo, useSaveRule, useSaveSlo } from "@/lib/alerts/hooks";
import type { Rule, Slo } from "@/lib/alerts/schemas";

interface ActionsProps {
  what: string;
  name: string;
  enabled: boolean;
  editHref: string;
  /** What deleting it does besides, in words for the confirmation. */
  deleteConsequence: string;
  canEdit: ReturnType<typeof useCan>;
  canDelete: ReturnType<typeof useCan>;
  toggle: { run(): void; pending: boolean; error: Error | null };
  remove: { run(): void; pending: boolean; error: Error | null };
}

/** Edit, enable/disable and delete (after confirming) of one rule or SLO; disabled with the reason for non-admins. */
function RecordActions({ what, name, enabled, editHref, deleteConsequence, canEdit, canDelete, toggle, remove }: ActionsProps) {
  const [confirming, setConfirming] = useState(false);
  const reasonId = `${what}-actions-not-allowed`;
  const error = toggle.error ?? remove.error;
  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex flex-wrap items-center gap-2">
        {canEdit.allowed ? (
          <Link href={editHref} className={buttonClasses({ variant: "secondary", size: "sm" })}>
            Edit
          </Link>
        ) : (
          <Button variant="secondary" size="sm" disabled aria-describedby={reasonId}>
            Edit
          </Button>
        )}
        <Button variant="secondary" size="sm" disabled={!canEdit.allowed || toggle.pending} aria-describedby={canEdit.allowed ? undefined : reasonId} onClick={toggle.run}>
          {enabled ? "Disable" : "Enable"}
        </Button>
        <Button variant="danger" size="sm" disabled={!canDelete.allowed || remove.pending} aria-describedby={canDelete.allowed ? undefined : reasonId} onClick={() => setConfirming(true)}>
          Delete
        </Button>
      </div>
      <NotAllowedReason permission={canEdit} id={reasonId} />
      {error ? <ErrorState title={`The ${what} was not changed`} message={error.message} /> : null}
      <ConfirmDialog
        open={confirming}
        tone="danger"
        title={`Delete the ${what} ${name}?`}
        confirmLabel={`Delete ${what}`}
        onConfirm={() => {
          setConfirming(false);
          remove.run();
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>{deleteConsequence} The deletion is recorded in the audit log.</p>
      </ConfirmDialog>
    </div>
  );
}

export function RuleActions({ rule }: { rule: Rule }) {
  const router = useRouter();
  const save = useSaveRule();
  const remove = useDeleteRule();
  return (
    <RecordActions
      what="rule"
      name={rule.name}
      enabled={rule.enabled}
      editHref={`/alerts?rule=${rule.id}&edit=1`}
      deleteConsequence={`Its alerts resolve and their incidents with them.${rule.defaultKey ? " A deleted default rule is not brought back; disable it instead to keep it." : ""}`}
      canEdit={useCan(alertEndpoints.updateRule)}
      canDelete={useCan(alertEndpoints.deleteRule)}
      toggle={{ run: () => save.mutate({ id: rule.id, input: ruleWithEnabled(rule, !rule.enabled) }, { onSuccess: () => router.refresh() }), pending: save.isPending, error: save.error }}
      remove={{ run: () => remove.mutate(rule.id, { onSuccess: () => (router.push("/alerts"), router.refresh()) }), pending: remove.isPending, error: remove.error }}
    />
  );
}

export function SloActions({ slo }: { slo: Slo }) {
  const router = useRouter();
  const save = useSaveSlo();
  const remove = useDeleteSlo();
  return (
    <RecordActions
      what="SLO"
      name={slo.displayName ?? slo.name}
      enabled={slo.enabled}
      editHref={`/slos/${slo.id}?edit=1`}
      deleteConsequence="Its burn-rate alerts resolve and its corrections go with it."
      canEdit={useCan(alertEndpoints.updateSlo)}
      canDelete={useCan(alertEndpoints.deleteSlo)}
      toggle={{ run: () => save.mutate({ id: slo.id, input: sloWithEnabled(slo, !slo.enabled) }, { onSuccess: () => router.refresh() }), pending: save.isPending, error: save.error }}
      remove={{ run: () => remove.mutate(slo.id, { onSuccess: () => (router.push("/slos"), router.refresh()) }), pending: remove.isPending, error: remove.error }}
    />
  );
}

/** The "New rule" / "New SLO" link, a disabled button with the reason for non-admins. */
export function NewRecordLink({ what, href }: { what: "rule" | "SLO"; href: string }) {
  const permission = useCan(what === "rule" ? alertEndpoints.createRule : alertEndpoints.createSlo);
  const id = `new-${what}-not-allowed`;
  return permission.allowed ? (
    <Link href={href} className={buttonClasses({ size: "sm" })}>
      New {what}
    </Link>
  ) : (
    <span className="flex flex-col items-end gap-1">
      <Button size="sm" disabled aria-describedby={id}>
        New {what}
      </Button>
      <NotAllowedReason permission={permission} id={id} />
    </span>
  );
}
