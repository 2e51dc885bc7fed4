"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { callEndpoint } from "@/lib/api/client";
import { peopleEndpoints } from "@/lib/people/endpoints";

/** Ends every session of a person after a second click; says how many were open. */
export function EndSessionsButton({ id, name }: { id: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const end = useMutation({
    mutationFn: () => callEndpoint(peopleEndpoints.endSessions, { params: { id } }),
  });
  if (end.error) return <span className="text-sm text-red-700 dark:text-red-300">{end.error.message}</span>;
  if (end.data) return <span className="text-sm text-muted">{end.data.ended === 1 ? "1 session ended" : `${end.data.ended} sessions ended`}</span>;
  return confirming ? (
    <Button size="sm" variant="danger" aria-label={`Confirm ending the sessions of ${name}`} onClick={() => end.mutate()} aria-disabled={end.isPending}>
      {end.isPending ? "Ending…" : "Confirm: end sessions"}
    </Button>
  ) : (
    <Button size="sm" variant="secondary" aria-label={`End the sessions of ${name}`} onClick={() => setConfirming(true)}>
      End sessions
    </Button>
  );
}
