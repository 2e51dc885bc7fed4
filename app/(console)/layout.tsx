import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  // headerActions is where the trace-id search and the user menu will be passed once they exist.
  return <AppShell>{children}</AppShell>;
}
