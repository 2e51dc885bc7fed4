"use client";

import Link from "next/link";
import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { FlagHistory } from "@/components/flags/flag-history";
import { KillSwitch } from "@/components/flags/kill-switch";
import { MetadataEditor } from "@/components/flags/metadata-editor";
import { type Notice, NoticeToast } from "@/components/flags/notice";
import { RolloutControl } from "@/components/flags/rollout-control";
import { FlagStateBadges } from "@/components/flags/state-badge";
import { TargetsEditor } from "@/components/flags/targets-editor";
import { WhoGetsIt } from "@/components/flags/who-gets-it";
import { RolloutPanel } from "@/components/rollouts/rollout-panel";
import { FormattedTime } from "@/components/ui/time-zone";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { useFlag, useSetEnabled, useSetRollout } from "@/lib/flags/hooks";
import type { FeatureFlag } from "@/lib/flags/schemas";

export function FlagDetail({ name }: { name: string }) {
  const flag = useFlag(name);
  if (flag.isPending) {
    return (
      <div role="status">
        <span className="sr-only">Loading flag…</span>
        <Skeleton className="mb-4 h-8 w-64" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (flag.isError) {
    return (
      <>
        <PageHeader title={name} />
        <ErrorState message={flag.error.message} action={<Link href="/flags">Back to all flags</Link>} />
      </>
    );
  }
  return <FlagEditor flag={flag.data} />;
}

function FlagEditor({ flag }: { flag: FeatureFlag }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const closeNotice = useCallback(() => setNotice(null), []);
  const show = (message: string, tone: Notice["tone"], undo?: () => void, origin?: Notice["origin"]) => setNotice({ id: Date.now(), message, tone, undo, origin });
  const toast = <NoticeToast key={notice?.id} notice={notice} onClose={closeNotice} />;
  const onRolledBack = (message: string) => show(message, "danger");

  // Undo acts on the flag as it is when clicked (its newest version), not as it was when the toast appeared.
  const undoRollout = useSetRollout(flag, { onRolledBack });
  const undoEnabled = useSetEnabled(flag, { onRolledBack });
  const latest = useRef({ undoRollout, undoEnabled });
  useLayoutEffect(() => {
    latest.current = { undoRollout, undoEnabled };
  });

  return (
    <>
      <PageHeader
        title={flag.name}
        description={
          <>
            {flag.description || "No description."} Version {flag.version}, last changed by {flag.lastUpdatedBy} on <FormattedTime iso={flag.lastUpdated} />.
          </>
        }
        actions={
          <>
            <Link href="/flags" className="text-sm underline underline-offset-2">
              All flags
            </Link>
            <KillSwitch
              flag={flag}
              callbacks={{
                onRolledBack,
                onToggled: (enabled) => show(enabled ? "Flag enabled." : "Flag disabled for everyone.", "ok", () => latest.current.undoEnabled.setEnabled(!enabled)),
              }}
            />
          </>
        }
      />
      <div className="mb-4">
        <FlagStateBadges flag={flag} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <RolloutControl
          flag={flag}
          callbacks={{
            onRolledBack,
            onChanged: (from, to) => show(`Rollout ${from} % → ${to} %.`, "ok", () => latest.current.undoRollout.setRollout(from), "rollout"),
          }}
          toast={notice?.origin === "rollout" ? toast : null}
        />
        <WhoGetsIt name={flag.name} version={flag.version} />
        <TargetsEditor key={`targets-${flag.version}`} flag={flag} callbacks={{ onRolledBack, onSaved: () => show("Targets saved.", "ok") }} />
        <MetadataEditor key={`metadata-${flag.version}`} flag={flag} callbacks={{ onRolledBack, onSaved: () => show("Metadata saved.", "ok") }} />
        <div className="lg:col-span-2">
          <RolloutPanel flagName={flag.name} />
        </div>
        <div className="lg:col-span-2">
          <FlagHistory name={flag.name} />
        </div>
      </div>
      {notice?.origin === "rollout" ? null : toast}
    </>
  );
}
