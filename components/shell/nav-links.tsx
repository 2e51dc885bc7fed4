"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { isActiveHref, navItemsFor } from "@/components/shell/nav-items";
import { Icon } from "@/components/ui/icon";
import type { Role } from "@/lib/auth/roles";
import { cn } from "@/lib/ui/cn";

export interface NavLinksProps {
  /** The signed-in person's role: areas above it are left out. */
  role: Role;
  /** Called when a link is followed; the phone menu closes itself with it. */
  onNavigate?: () => void;
}

/** The list of areas, with the current one marked for sight (colour, weight) and for screen readers (aria-current). */
export function NavLinks({ role, onNavigate }: NavLinksProps) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5">
      {navItemsFor(role).map((item) => {
        const active = isActiveHref(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              onClick={onNavigate}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm transition-colors",
                active ? "bg-accent-soft font-semibold text-accent" : "text-muted hover:bg-surface-muted hover:text-foreground",
              )}
            >
              <Icon name={item.icon} className="size-4" />
              <span className="truncate">{item.label}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
