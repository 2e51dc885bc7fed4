"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, type ReactNode } from "react";
import { formatDateTime, TIME_ZONE_COOKIE, UTC, zoneLabel, type DateTimeStyle } from "@/lib/ui/date-time";

const TimeZoneContext = createContext<string>(UTC);

/** The zone the whole console prints in, read on the server from the person's cookie (UTC without one). */
export function TimeZoneProvider({ zone, children }: { zone: string; children: ReactNode }) {
  return <TimeZoneContext.Provider value={zone}>{children}</TimeZoneContext.Provider>;
}

export const useTimeZone = (): string => useContext(TimeZoneContext);

/** An instant in the console's zone, 24-hour, labelled ("2026-12-01 05:13:07 UTC"). */
export function FormattedTime({ iso, style = "date-time" }: { iso: string; style?: DateTimeStyle }) {
  const zone = useTimeZone();
  return <time dateTime={iso}>{formatDateTime(iso, zone, style)}</time>;
}

/**
 * Switches the console between UTC and the browser's own zone. The choice is a cookie, so the
 * server renders the next page in it too (no flash of the other zone) and it is remembered.
 */
export function TimeZoneToggle() {
  const zone = useTimeZone();
  const router = useRouter();
  const choose = (next: string) => {
    document.cookie = `${TIME_ZONE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  };
  const local = typeof Intl === "undefined" ? UTC : Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <button
      type="button"
      onClick={() => choose(zone === UTC ? local : UTC)}
      className="h-10 shrink-0 rounded-md px-2 text-xs font-medium text-muted hover:bg-surface-muted hover:text-foreground"
      aria-label={zone === UTC ? "Times in UTC; switch to your local time" : `Times in ${zone}; switch to UTC`}
      title={zone === UTC ? "Show times in your local zone" : "Show times in UTC"}
    >
      {zoneLabel(zone)}
    </button>
  );
}
