"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ENVIRONMENTS, type Environment } from "@/lib/flags/evaluate";
import { useFlagStatus } from "@/lib/flags/hooks";

/** Asks the server (again after every change of the flag: the answer is for its current version) (the same evaluation every SDK runs) whether one user gets the flag, and why. */
export function WhoGetsIt({ name, version }: { name: string; version: number }) {
  const [userId, setUserId] = useState("");
  const [env, setEnv] = useState<Environment | "">("production");
  const [asked, setAsked] = useState<{ userId: string; env: Environment | "" } | null>(null);
  const answer = useFlagStatus(name, version, asked);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Who gets it?</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            if (userId.trim()) setAsked({ userId: userId.trim(), env });
          }}
        >
          <label className="flex flex-1 flex-col gap-1 text-sm">
            User id
            <input value={userId} onChange={(event) => setUserId(event.target.value)} className="h-10 rounded-md border border-border bg-surface px-3" />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Environment
            <select value={env} onChange={(event) => setEnv(event.target.value as Environment | "")} className="h-10 rounded-md border border-border bg-surface px-2">
              {ENVIRONMENTS.map((e) => (
                <option key={e}>{e}</option>
              ))}
              <option value="">(none)</option>
            </select>
          </label>
          <Button type="submit">Check</Button>
        </form>
        <div aria-live="polite" className="text-sm">
          {answer.isFetching ? "Checking…" : null}
          {answer.isError ? <span className="text-red-700 dark:text-red-300">{answer.error.message}</span> : null}
          {answer.data && !answer.isFetching ? (
            <p>
              <strong>{answer.data.enabled ? "On" : "Off"}</strong> for {asked?.userId}: {answer.data.reason}
            </p>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
