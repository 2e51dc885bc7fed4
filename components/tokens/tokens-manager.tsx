"use client";

import { type FormEvent, useState } from "react";
import { FormattedTime } from "@/components/ui/time-zone";
import { Badge } from "@/components/ui/badge";
import { useCan } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { tokenEndpoints } from "@/lib/auth/endpoints";
import { ROLES, type Role } from "@/lib/auth/roles";
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from "@/lib/auth/token-hooks";
import { inputClasses } from "@/components/ui/input-classes";


function NewTokenSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="text-sm font-medium">Copy this token now: it is shown only once.</p>
      <code data-testid="new-token" className="mt-2 block rounded bg-surface px-2 py-1 font-mono text-sm break-all text-foreground">
        {secret}
      </code>
      <div className="mt-2 flex gap-2">
        <Button
          size="sm"
          variant="secondary"
          onClick={() => void navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function CreateTokenForm() {
  const create = useCreateApiToken();
  const permission = useCan(tokenEndpoints.create);
  const [secret, setSecret] = useState<string | null>(null);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reset = () => (event.target as HTMLFormElement).reset();
    create.mutate(
      { name: String(form.get("name")), role: String(form.get("role")) as Role },
      { onSuccess: (created) => (setSecret(created.token), reset()) },
    );
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>New token</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <label className="flex flex-1 flex-col gap-1 text-sm font-medium">
            Name
            <input name="name" required maxLength={100} placeholder="e.g. deploy-bot" className={inputClasses} />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Role
            <select name="role" defaultValue="viewer" className={inputClasses}>
              {ROLES.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </label>
          <Button type="submit" aria-disabled={create.isPending} disabled={!permission.allowed} title={permission.reason}>
            {create.isPending ? "Creating…" : "Create token"}
          </Button>
        </form>
        {create.error ? <ErrorState title="Not created" message={create.error.message} /> : null}
        {secret ? <NewTokenSecret secret={secret} onDone={() => setSecret(null)} /> : null}
      </CardContent>
    </Card>
  );
}

function RevokeButton({ id, name }: { id: string; name: string }) {
  const revoke = useRevokeApiToken();
  const permission = useCan(tokenEndpoints.revoke);
  const [confirming, setConfirming] = useState(false);
  if (revoke.error) return <span className="text-sm text-red-700 dark:text-red-300">{revoke.error.message}</span>;
  return (
    <>
      <Button
        size="sm"
        variant="secondary"
        aria-label={`Revoke ${name}`}
        title={permission.reason}
        disabled={!permission.allowed || revoke.isPending}
        aria-haspopup="dialog"
        onClick={() => setConfirming(true)}
      >
        {revoke.isPending ? "Revoking…" : "Revoke"}
      </Button>
      <ConfirmDialog
        open={confirming}
        tone="danger"
        title={`Revoke the token ${name}?`}
        confirmLabel={`Confirm revoking ${name}`}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          revoke.mutate(id);
        }}
      >
        <p>Scripts and services using it are refused from the next request on. It stays listed as revoked.</p>
      </ConfirmDialog>
    </>
  );
}

/** Create (secret shown once) and revoke API tokens; revoked ones stay listed for the record. */
export function TokensManager() {
  const tokens = useApiTokens();
  return (
    <div className="flex flex-col gap-6">
      <CreateTokenForm />
      {tokens.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Loading tokens…</span>
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
        </div>
      ) : tokens.error ? (
        <ErrorState message={tokens.error.message} action={<Button variant="secondary" onClick={() => void tokens.refetch()}>Try again</Button>} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No API tokens yet" description="Create one above for a script or a service." />
      ) : (
        <Table label="API tokens">
          <TableHead>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Token</TableHeaderCell>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>Last used</TableHeaderCell>
              {/* Labelled, not sr-only text: an absolutely positioned span escapes the table's scroll box and widens the page on phones. */}
              <TableHeaderCell aria-label="Actions" />
            </TableRow>
          </TableHead>
          <TableBody>
            {tokens.data.map((token) => (
              <TableRow key={token.id}>
                <TableCell className="font-medium">{token.name}</TableCell>
                <TableCell>
                  <Badge>{token.role}</Badge>
                </TableCell>
                <TableCell className="font-mono whitespace-nowrap">{token.prefix}…</TableCell>
                <TableCell className="whitespace-nowrap">
                  <FormattedTime iso={token.createdAt} /> <span className="text-muted">by {token.createdBy}</span>
                </TableCell>
                <TableCell className="whitespace-nowrap">{token.lastUsedAt ? <FormattedTime iso={token.lastUsedAt} /> : "never"}</TableCell>
                <TableCell>{token.revokedAt ? <Badge tone="danger">revoked</Badge> : <RevokeButton id={token.id} name={token.name} />}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
