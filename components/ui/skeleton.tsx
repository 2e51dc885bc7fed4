import type { HTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";

/** A grey placeholder block; size it with classes (`h-4 w-32`). Hidden from assistive technology. */
export function Skeleton({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-surface-muted motion-reduce:animate-none", className)} {...props} />;
}
