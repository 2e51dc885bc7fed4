"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTimeZone } from "@/components/ui/time-zone";
import { RANGE_PRESETS, type RangeChoice, type RangePreset } from "@/lib/metrics/view-state";
import { fromDateTimeInput, toDateTimeInput, zoneLabel } from "@/lib/ui/date-time";

export function RangePicker({ value, onChange, nowMs }: { value: RangeChoice; onChange: (range: RangeChoice) => void; nowMs: number }) {
  // datetime-local fields have no zone: they speak the console's, and say which.
  const zone = useTimeZone();
  const [customOpen, setCustomOpen] = useState(value.kind === "custom");
  const initial = value.kind === "custom" ? value : { fromMs: nowMs - 3_600_000, toMs: nowMs };
  const [from, setFrom] = useState(() => toDateTimeInput(initial.fromMs, zone));
  const [to, setTo] = useState(() => toDateTimeInput(initial.toMs, zone));
  const fromMs = fromDateTimeInput(from, zone);
  const toMs = fromDateTimeInput(to, zone);
  const invalid = !Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs ? "The start must be before the end." : toMs - fromMs > 31 * 86_400_000 ? "At most 31 days." : null;

  return (
    <div className="flex flex-col gap-2">
      <div role="group" aria-label="Time range" className="flex flex-wrap gap-1">
        {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((preset) => (
          <Button
            key={preset}
            size="sm"
            variant={value.kind === "preset" && value.preset === preset ? "primary" : "secondary"}
            aria-pressed={value.kind === "preset" && value.preset === preset}
            onClick={() => {
              setCustomOpen(false);
              onChange({ kind: "preset", preset });
            }}
          >
            {preset}
          </Button>
        ))}
        <Button size="sm" variant={value.kind === "custom" ? "primary" : "secondary"} aria-pressed={value.kind === "custom"} aria-expanded={customOpen} onClick={() => setCustomOpen((open) => !open)}>
          Custom
        </Button>
      </div>
      {customOpen ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (!invalid) onChange({ kind: "custom", fromMs, toMs });
          }}
        >
          <label className="flex flex-col text-xs text-muted">
            From ({zoneLabel(zone)})
            <input type="datetime-local" className="h-8 rounded-md border border-border bg-surface px-2 text-sm text-foreground" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="flex flex-col text-xs text-muted">
            To ({zoneLabel(zone)})
            <input type="datetime-local" className="h-8 rounded-md border border-border bg-surface px-2 text-sm text-foreground" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <Button size="sm" type="submit" aria-disabled={Boolean(invalid)}>
            Apply
          </Button>
          {invalid ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {invalid}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
