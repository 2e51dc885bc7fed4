import Image from "next/image";
import Link from "next/link";
import type { ReactNode } from "react";
import { MobileNav } from "@/components/shell/mobile-nav";
import { NavLinks } from "@/components/shell/nav-links";
import { MAIN_CONTENT_ID, SkipLink } from "@/components/shell/skip-link";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import type { Role } from "@/lib/auth/roles";

export interface AppShellProps {
  children: ReactNode;
  /**
   * Controls placed in the header between the product name and the theme toggle
   * (the trace-id search and the signed-in user menu go here). Rendered inside `#header-actions`.
   */
  headerActions?: ReactNode;
  /** The signed-in person's role; the navigation shows only the areas it may open. */
  role: Role;
  /** A strip above the header on every page (the development sign-in warning). */
  banner?: ReactNode;
}

/** Header, navigation (sidebar from md up, a menu button below) and the main content area. */
export function AppShell({ children, headerActions, role, banner }: AppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink />
      {banner}
      <header className="sticky top-0 z-30 border-b border-border bg-surface">
        <div className="relative flex h-14 items-center gap-2 px-3 sm:px-4">
          <MobileNav role={role} />
          <Link href="/" className="flex shrink-0 items-center gap-2 rounded-md px-1 font-semibold tracking-tight">
            {/* Same mark as the favicon; decorative, the text names the link. */}
            <Image src="/favicon.svg" alt="" width={24} height={24} className="size-6" />
            <span>Opsdeck</span>
          </Link>
          <div id="header-actions" className="flex min-w-0 flex-1 items-center justify-end gap-2">
            {headerActions}
          </div>
          <ThemeToggle />
        </div>
      </header>
      <div className="flex flex-1">
        <aside className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-56 shrink-0 overflow-y-auto border-r border-border bg-surface p-3 md:block">
          <nav aria-label="Main">
            <NavLinks role={role} />
          </nav>
        </aside>
        <main id={MAIN_CONTENT_ID} tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
