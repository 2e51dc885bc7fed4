"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

export interface ConfirmDialogProps {
  /** Shown while true; closing (Cancel, Escape) calls onCancel. */
  open: boolean;
  title: string;
  /** What will happen, in words: who is affected, what is left undone. */
  children?: ReactNode;
  confirmLabel: string;
  /** Risky actions that remove something (kill, rollback, resolve) are "danger". */
  tone?: "primary" | "danger";
  onConfirm: () => void;
  onCancel: () => void;
  /**
   * Where focus starts. Cancel by default, so Enter never confirms by accident; "confirm" where the
   * person has just asked for this very action (a runbook step's Run…) and one key should do it.
   */
  initialFocus?: "cancel" | "confirm";
}

/**
 * The one confirmation for every risky action: a native modal <dialog> (focus stays inside,
 * Escape cancels, the page behind is inert), opened with focus on Cancel so Enter never confirms
 * by accident. The caller decides where focus goes afterwards.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, tone = "primary", onConfirm, onCancel, initialFocus = "cancel" }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      (initialFocus === "confirm" ? confirmRef : cancelRef).current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open, initialFocus]);

  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={children ? bodyId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-border bg-surface p-4 text-foreground shadow-xl backdrop:bg-black/50"
    >
      {open ? (
        <>
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          {children ? (
            <div id={bodyId} className="mt-2 text-sm">
              {children}
            </div>
          ) : null}
          <div className="mt-4 flex flex-wrap justify-end gap-2">
            <Button ref={cancelRef} variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button ref={confirmRef} variant={tone} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
