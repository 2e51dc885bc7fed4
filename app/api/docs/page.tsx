import type { Metadata } from "next";
import Link from "next/link";
import { ApiReference } from "@/components/api-docs/api-reference";
import { DevLoginBanner } from "@/components/auth/dev-login-banner";
import { MAIN_CONTENT_ID, SkipLink } from "@/components/shell/skip-link";
import { Icon } from "@/components/ui/icon";
import { requirePerson } from "@/lib/auth/current-person";

export const metadata: Metadata = { title: "API docs" };

/** Outside the console shell: the reference needs the full width, so it gets only a slim header. */
export default async function ApiDocsPage() {
  // Outside the (console) layout, so it authorises itself.
  await requirePerson();
  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink />
      <DevLoginBanner />
      <header className="border-b border-border bg-surface">
        <div className="flex h-14 items-center gap-3 px-3 sm:px-4">
          <Link href="/" className="flex items-center gap-2 rounded-md px-1 text-sm font-medium text-muted hover:text-foreground">
            <Icon name="arrowLeft" className="size-4" />
            Back to Opsdeck
          </Link>
          <span aria-hidden="true" className="text-border">
            |
          </span>
          <h1 className="truncate text-sm font-semibold">API reference</h1>
        </div>
      </header>
      {/* Swagger UI is styled for a light background only, so it keeps one in both themes. */}
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="flex-1 bg-white text-slate-900 focus:outline-none">
        <ApiReference specUrl="/api/openapi.json" />
      </main>
    </div>
  );
}
