"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";

export interface Notice {
  id: number;
  message: string;
  tone: "ok" | "danger";
  undo?: () => void;
  /** The control the change came from: the toast is placed right after it, so Undo is one Tab away. */
  origin?: "rollout";
}

const UNDO_WINDOW_MS = 10_000;

/** The toast after a change (with Undo) or after a rolled-back change (role=alert). */
export function NoticeToast({ notice, onClose }: { notice: Notice | null; onClose: () => void }) {
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(onClose, UNDO_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [notice, onClose]);
  if (!notice) return null;
  return (
    <div
      role={notice.tone === "danger" ? "alert" : "status"}
      className={cn(
        "fixed inset-x-4 bottom-4 z-50 flex items-center justify-between gap-3 rounded-lg border px-4 py-3 shadow-lg sm:left-auto sm:w-96",
        notice.tone === "danger"
          ? "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          : "border-border bg-surface",
      )}
    >
      <p className="text-sm">{notice.message}</p>
      <div className="flex shrink-0 gap-1">
        {notice.undo ? (
          <Button size="sm" variant="secondary" onClick={() => { notice.undo?.(); onClose(); }}>
            Undo
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" aria-label="Dismiss" onClick={onClose}>
          ✕
        </Button>
      </div>
    </div>
  );
}
