"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { Field, Input, Select } from "@/components/ui/field";
import { useCreateSilence } from "@/lib/alerts/hooks";

const DURATIONS = [
  ["1h", 3_600_000],
  ["2h", 7_200_000],
  ["4h", 14_400_000],
  ["1d", 86_400_000],
] as const;

/** Silence one label value (alertname by default) from now for a chosen time, saying why. */
export function SilenceForm({ alertnames }: { alertnames: string[] }) {
  const create = useCreateSilence();
  const [label, setLabel] = useState("alertname");
  const [value, setValue] = useState(alertnames[0] ?? "");
  const [duration, setDuration] = useState<string>("1h");
  const [comment, setComment] = useState("");
  const [done, setDone] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setDone(null);
    const ms = DURATIONS.find(([name]) => name === duration)?.[1] ?? 3_600_000;
    create.mutate(
      { matchers: [{ name: label, value, isRegex: false, isEqual: true }], endsAt: new Date(Date.now() + ms).toISOString(), comment },
      { onSuccess: (silence) => setDone(`Silence #${silence.id} active until ${silence.endsAt.slice(0, 16).replace("T", " ")} UTC`) },
    );
  };

  return (
    <form onSubmit={submit} className="grid grid-cols-1 gap-3 sm:grid-cols-2" aria-label="Create a silence">
      <Field id="silence-label" label="Label">
        <Input id="silence-label" value={label} onChange={(event) => setLabel(event.target.value)} required pattern="[a-zA-Z_][a-zA-Z0-9_]*" />
      </Field>
      <Field id="silence-value" label="Equals" hint="Alerts whose label has exactly this value">
        <Input id="silence-value" value={value} onChange={(event) => setValue(event.target.value)} required list="silence-alertnames" />
        <datalist id="silence-alertnames">
          {alertnames.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </Field>
      <Field id="silence-duration" label="For">
        <Select id="silence-duration" value={duration} onChange={(event) => setDuration(event.target.value)}>
          {DURATIONS.map(([name]) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="silence-comment" label="Why">
        <Input id="silence-comment" value={comment} onChange={(event) => setComment(event.target.value)} required maxLength={1000} />
      </Field>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Silencing…" : "Silence"}
        </Button>
        {done ? (
          <p role="status" className="text-sm">
            {done}
          </p>
        ) : null}
      </div>
      {create.error ? <ErrorState className="sm:col-span-2" title="The silence was not created" message={create.error.message} /> : null}
    </form>
  );
}
