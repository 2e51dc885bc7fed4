"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";

const RETRY_SECONDS = 10;

/**
 * What a page shows while Opsdeck cannot reach its database: the person cannot be checked, so
 * nothing else is shown. The page reloads itself, on the same URL, until the database is back.
 */
export function DatabaseUnavailable() {
  useEffect(() => {
    const timer = setTimeout(() => window.location.reload(), RETRY_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, []);
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="mb-4 text-xl font-semibold">Opsdeck cannot reach its database</h1>
      <ErrorState
        title="Pages are unavailable for now"
        message={`This page tries again every ${RETRY_SECONDS} seconds and opens as soon as the database answers. Services keep getting flag evaluations from memory meanwhile.`}
        action={
          <Button variant="secondary" onClick={() => window.location.reload()}>
            Try again now
          </Button>
        }
      />
    </main>
  );
}
