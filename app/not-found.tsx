import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

/** Unknown URLs. Rendered in the root layout only, so it stands alone without the console shell. */
export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-sm font-medium text-muted">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="max-w-md text-sm text-muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <Link href="/" className={buttonClasses({ variant: "primary" })}>
        Back to Opsdeck
      </Link>
    </main>
  );
}
