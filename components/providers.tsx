"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { useState, type ReactNode } from "react";
import { z } from "zod";

// In the browser, zod must not probe for `new Function`: the page's script policy (no eval) reports
// every probe as a violation, even though zod falls back. The server keeps zod's compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data prefetched on the server should not be refetched the moment the page hydrates.
        staleTime: 15_000,
        retry: 1,
      },
    },
  });
}

/**
 * next-themes renders an inline <script> that applies the stored theme before first paint.
 * The server-rendered copy is the one that runs. If the provider is ever rendered on the client
 * without hydrating (e.g. the root re-mounts after an error), React 19 warns about a client-created
 * <script>; marking that copy as an inert data block avoids the warning without changing behaviour.
 * The attribute differs from the server copy, which next-themes already marks suppressHydrationWarning.
 */
const themeScriptProps = typeof window === "undefined" ? undefined : { type: "application/json" };

/** App-wide client context: the theme, the one QueryClient the whole app shares, and URL state (nuqs). */
export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  // useState (not a module variable) so each server request gets its own client, the browser exactly one.
  const [queryClient] = useState(createQueryClient);
  return (
    <ThemeProvider nonce={nonce} attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange scriptProps={themeScriptProps}>
      <QueryClientProvider client={queryClient}>
        <NuqsAdapter>{children}</NuqsAdapter>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
