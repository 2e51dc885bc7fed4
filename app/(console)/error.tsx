"use client";

import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";

interface ConsoleErrorProps {
  /** Whatever was thrown. Server errors arrive with a generic message in production and a digest for the logs. */
  error: unknown;
  /** Re-fetches and re-renders the failed segment. */
  retry: () => void;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const digest = "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return digest ? `${error.message} (reference ${digest})` : error.message;
}

export default function ConsoleError({ error, retry }: ConsoleErrorProps) {
  return (
    <>
      <PageHeader title="This page failed to load" />
      <ErrorState
        title="Something went wrong"
        message={describe(error)}
        action={
          <Button variant="secondary" onClick={retry}>
            Try again
          </Button>
        }
      />
    </>
  );
}
