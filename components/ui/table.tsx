import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";

export interface TableProps extends HTMLAttributes<HTMLTableElement> {
  /** Names the table and its scroll region for screen readers. */
  label: string;
  /**
   * On a phone (below 640 px) show each row as a card, every cell under its column's name (give
   * each TableCell its `label`), instead of a table to scroll sideways (app/globals.css).
   */
  cards?: boolean;
}

/**
 * Plain table primitives. The wrapper scrolls sideways so a wide table never widens the page on a phone;
 * it is focusable so keyboard users can scroll it too. With `cards` nothing scrolls on a phone.
 */
export function Table({ label, cards = false, className, ...props }: TableProps) {
  return (
    <div className={cn("w-full overflow-x-auto", cards && "table-cards")} tabIndex={0} role="region" aria-label={label}>
      <table aria-label={label} className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function TableHead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("border-b border-border bg-surface-muted text-xs text-muted uppercase", className)} {...props} />;
}

export function TableBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("divide-y divide-border", className)} {...props} />;
}

export function TableRow({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("align-top", className)} {...props} />;
}

export function TableHeaderCell({ className, scope = "col", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope={scope} className={cn("px-3 py-2 font-medium tracking-wide whitespace-nowrap first:pl-4 last:pr-4", className)} {...props} />;
}

export function TableCell({ className, label, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  return <td data-label={label} className={cn("px-3 py-2 first:pl-4 last:pr-4", className)} {...props} />;
}
