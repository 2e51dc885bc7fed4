"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

/** Re-runs the page's server checks without a full reload. */
export function RefreshButton() {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  return (
    <Button
      variant="secondary"
      // aria-disabled rather than disabled: a disabled button drops keyboard focus mid-refresh.
      aria-disabled={refreshing}
      onClick={() => {
        if (!refreshing) startRefresh(() => router.refresh());
      }}
    >
      {refreshing ? "Refreshing…" : "Refresh"}
    </Button>
  );
}
