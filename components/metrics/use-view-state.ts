"use client";

import { useQueryStates } from "nuqs";
import { useEffect, useState } from "react";
import type { SeriesName } from "@/lib/metrics/schemas";
import { resolveWindow, type ViewState, viewStateQuery } from "@/lib/metrics/view-state";
import { stringParsers, URL_STATE_OPTIONS } from "@/lib/ui/url-state";

const viewParsers = stringParsers(["range", "from", "to", "series", "refresh"]);

export const REFRESH_MS = 30_000;

/**
 * The page's state, mirrored into the URL on every change (replace, not push: a range change is
 * not a navigation), and the current window, which moves every 30 s unless paused or custom.
 */
export function useViewState(initial: ViewState, allSeries: readonly SeriesName[]) {
  const [, setQuery] = useQueryStates(viewParsers, URL_STATE_OPTIONS);
  const [state, setState] = useState(initial);
  const [nowMs, setNowMs] = useState(() => Date.now());

  useEffect(() => {
    if (state.paused || state.range.kind === "custom") return;
    const timer = setInterval(() => setNowMs(Date.now()), REFRESH_MS);
    return () => clearInterval(timer);
  }, [state.paused, state.range.kind]);

  const update = (next: Partial<ViewState>) => {
    const merged = { ...state, ...next };
    setState(merged);
    setNowMs(Date.now());
    void setQuery(viewStateQuery(merged, allSeries));
  };

  return { state, update, nowMs, window: resolveWindow(state.range, nowMs) };
}
