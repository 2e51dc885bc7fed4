import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

export interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** Buttons or links aligned to the right on wide screens, below the title on narrow ones. */
  actions?: ReactNode;
  className?: string;
}

/** The page's one <h1>, with an optional description and actions. */
export function PageHeader({ title, description, actions, className }: PageHeaderProps) {
  return (
    <div className={cn("mb-6 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between", className)}>
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
        {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
