import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { TraceIdSearch } from "@/components/traces/trace-id-search";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  // The user menu joins the trace-id search here once sign-in exists.
  return <AppShell headerActions={<TraceIdSearch />}>{children}</AppShell>;
}
