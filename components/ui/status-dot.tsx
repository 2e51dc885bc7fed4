import { cn } from "@/lib/ui/cn";
import type { Tone } from "@/components/ui/badge";

const dotClasses: Record<Tone, string> = {
  ok: "bg-emerald-500",
  warn: "bg-amber-500",
  danger: "bg-red-500",
  neutral: "bg-slate-400 dark:bg-slate-500",
};

export interface StatusDotProps {
  tone: Tone;
  /** Read by screen readers; omit when the text next to the dot already says the same. */
  label?: string;
  className?: string;
}

export function StatusDot({ tone, label, className }: StatusDotProps) {
  return (
    <span
      className={cn("inline-block size-2 shrink-0 rounded-full", dotClasses[tone], className)}
      {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": true })}
    />
  );
}
