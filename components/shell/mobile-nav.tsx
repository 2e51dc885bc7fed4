"use client";

import { usePathname } from "next/navigation";
import { useRef, useState, type KeyboardEvent } from "react";
import { NavLinks } from "@/components/shell/nav-links";
import { Button } from "@/components/ui/button";
import { Icon } from "@/components/ui/icon";
import type { Role } from "@/lib/auth/roles";

const PANEL_ID = "mobile-navigation";

/** The phone menu: a button that opens the area list below the header. Hidden from md up, where the sidebar shows. */
export function MobileNav({ role }: { role: Role }) {
  const pathname = usePathname();
  // The menu remembers the page it was opened on, so any navigation (links, back, forward) closes it.
  const [openOnPath, setOpenOnPath] = useState<string | null>(null);
  const open = openOnPath === pathname;
  const toggleRef = useRef<HTMLButtonElement>(null);

  function close({ restoreFocus }: { restoreFocus: boolean }) {
    setOpenOnPath(null);
    if (restoreFocus) toggleRef.current?.focus();
  }

  function closeOnEscape(event: KeyboardEvent) {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      close({ restoreFocus: true });
    }
  }

  return (
    <div className="md:hidden" onKeyDown={closeOnEscape}>
      <Button
        ref={toggleRef}
        variant="ghost"
        size="icon"
        aria-label={open ? "Close navigation menu" : "Open navigation menu"}
        aria-expanded={open}
        aria-controls={PANEL_ID}
        onClick={() => (open ? close({ restoreFocus: false }) : setOpenOnPath(pathname))}
      >
        <Icon name={open ? "close" : "menu"} />
      </Button>
      <nav
        id={PANEL_ID}
        aria-label="Main"
        hidden={!open}
        className="absolute inset-x-0 top-full max-h-[calc(100dvh-3.5rem)] overflow-y-auto border-b border-border bg-surface p-3 shadow-lg"
      >
        <NavLinks role={role} onNavigate={() => close({ restoreFocus: false })} />
      </nav>
    </div>
  );
}
