"use client";

import { useId, useState } from "react";
import { NotAllowedReason, useCan } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { flagEndpoints } from "@/lib/flags/endpoints";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { type OptimisticCallbacks, useUpdateMetadata } from "@/lib/flags/hooks";
import { parseMetadata } from "@/lib/flags/view";

export function MetadataEditor({ flag, callbacks }: { flag: FeatureFlag; callbacks: OptimisticCallbacks }) {
  const [text, setText] = useState(JSON.stringify(flag.metadata, null, 2));
  const parsed = parseMetadata(text);
  const { updateMetadata, isPending } = useUpdateMetadata(flag, callbacks);
  const permission = useCan(flagEndpoints.update);
  const reasonId = useId();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Metadata</CardTitle>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-col gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (parsed.ok) updateMetadata(parsed.value);
          }}
        >
          <label className="flex flex-col gap-1 text-sm">
            JSON object
            <textarea
              value={text}
              readOnly={!permission.allowed}
              onChange={(event) => setText(event.target.value)}
              rows={6}
              aria-invalid={!parsed.ok}
              aria-describedby="metadata-error"
              className="rounded-md border border-border bg-surface p-2 font-mono text-sm"
            />
          </label>
          <p id="metadata-error" className="min-h-5 text-sm text-red-700 dark:text-red-300">
            {parsed.ok ? "" : parsed.error}
          </p>
          <div>
            <Button type="submit" size="sm" disabled={!parsed.ok || isPending || !permission.allowed} aria-describedby={permission.allowed ? undefined : reasonId}>
              Save metadata
            </Button>{" "}
            <NotAllowedReason permission={permission} id={reasonId} />
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
