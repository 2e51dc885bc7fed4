"use client";

import { useEffect, useState } from "react";
import { Input } from "@/components/ui/field";
import { useUrlParam } from "@/lib/ui/url-state";

const TYPING_PAUSE_MS = 250;

/** The search box of /runbooks: what is typed goes to `?q=`, so a search is a link. */
export function RunbookSearch({ initialQuery }: { initialQuery: string }) {
  const [, setQuery] = useUrlParam("q", { reloadServer: true });
  const [text, setText] = useState(initialQuery);

  useEffect(() => {
    if (text.trim() === initialQuery.trim()) return;
    const timer = setTimeout(() => void setQuery(text.trim() || null), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, initialQuery, setQuery]);

  return (
    <form
      role="search"
      className="mb-6"
      action="/runbooks"
      onSubmit={(event) => {
        event.preventDefault();
        setQuery(text.trim() || null);
      }}
    >
      <label htmlFor="runbook-search" className="mb-1 block text-sm font-medium">
        Search runbooks
      </label>
      <Input
        id="runbook-search"
        name="q"
        type="search"
        placeholder="A symptom, e.g. locked out, stale cache, pool"
        value={text}
        onChange={(event) => setText(event.target.value)}
        autoComplete="off"
      />
    </form>
  );
}
