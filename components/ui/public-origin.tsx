"use client";

import { createContext, useContext, type ReactNode } from "react";

const PublicOriginContext = createContext<string>("");

/** Opsdeck's public origin (AUTH_URL, else the Host the browser used), read on the server once per page. */
export function PublicOriginProvider({ origin, children }: { origin: string; children: ReactNode }) {
  return <PublicOriginContext.Provider value={origin}>{children}</PublicOriginContext.Provider>;
}

/** Where commands and links meant for outside the browser (a terminal, a chat) should point. */
export const usePublicOrigin = (): string => useContext(PublicOriginContext);
