import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

export interface ErrorStateProps {
  title?: string;
  /** What went wrong, as the server or the error reported it. */
  message: string;
  /** Usually a retry button. */
  action?: ReactNode;
  className?: string;
}

/** Shown when loading failed. role="alert" so screen readers announce it when it appears. */
export function ErrorState({ title = "Something went wrong", message, action, className }: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cn(
        "rounded-lg border border-red-300 bg-red-50 px-4 py-4 text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200",
        className,
      )}
    >
      <p className="font-medium">{title}</p>
      <p className="mt-1 text-sm break-words whitespace-pre-wrap">{message}</p>
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}
