"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { JsonAnswer } from "@/components/runbooks/json-answer";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { usePublicOrigin } from "@/components/ui/public-origin";
import type { Role } from "@/lib/auth/roles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { can } from "@/lib/api/access";
import { copyableCurl, trailingPipe } from "@/lib/runbooks/curl";
import type { RunbookApiCall, RunbookStep } from "@/lib/runbooks/schemas";

type Answer =
  | { state: "idle" }
  | { state: "running" }
  | { state: "answered"; status: number; body: unknown; requestId: string | null; ms: number }
  | { state: "failed"; message: string };

/** Only Opsdeck's own API, relative: an edited path cannot send the session anywhere else. */
function isOpsdeckPath(path: string): boolean {
  return /^\/(api|ofrep)\//.test(path) && !path.startsWith("//");
}

function statusTone(status: number) {
  if (status < 300) return "ok" as const;
  if (status < 500) return "warn" as const;
  return "danger" as const;
}

/** The request as edited on the page; the JSON body as text (it may be mid-edit and not parse). */
interface EditedRequest {
  path: string;
  bodyText: string;
}

/** The edited body as compact JSON when it parses, else as typed; undefined when empty. */
function bodyJsonOf(bodyText: string): string | undefined {
  if (!bodyText.trim()) return undefined;
  try {
    return JSON.stringify(JSON.parse(bodyText));
  } catch {
    return bodyText;
  }
}

/**
 * A step's command: copy it, and for a call to Opsdeck run it with the operator's own session and
 * show the answer inline. Read-only calls run on click; a mutating one asks first and needs
 * the endpoint's role. 401/403/404 answers are shown like any other, as information. A call to
 * Opsdeck is shown and copied as a curl line that works in a terminal (public origin, token
 * placeholder, the request as edited), not as the runbook wrote it.
 */
export function StepCommand({ step, role }: { step: RunbookStep; role: Role }) {
  const origin = usePublicOrigin();
  const [edited, setEdited] = useState<EditedRequest>(() => ({ path: step.api?.path ?? "", bodyText: step.api?.body === undefined ? "" : JSON.stringify(step.api.body, null, 2) }));
  const command = step.api
    ? copyableCurl({ method: step.api.method, path: edited.path, bodyJson: bodyJsonOf(edited.bodyText) }, origin, trailingPipe(step.command ?? ""))
    : (step.command ?? "");
  return (
    <div className="space-y-2">
      <div className="flex items-start gap-2">
        <pre className="min-w-0 flex-1 overflow-x-auto rounded-md border border-border bg-surface-muted px-3 py-2 font-mono text-xs" aria-label="Command">
          {command}
        </pre>
        <CopyButton text={command} />
      </div>
      {step.api ? (
        <>
          <p className="text-xs text-muted">
            In a terminal, set <code className="font-mono">OPSDECK_TOKEN</code> to an <Link href="/tokens" className="underline underline-offset-2">API token</Link> first.
          </p>
          <ApiRunner call={step.api} role={role} edited={edited} onEdit={setEdited} />
        </>
      ) : null}
    </div>
  );
}

function ApiRunner({ call, role, edited, onEdit }: { call: RunbookApiCall; role: Role; edited: EditedRequest; onEdit: (next: EditedRequest) => void }) {
  const { path, bodyText } = edited;
  const [confirming, setConfirming] = useState(false);
  const [answer, setAnswer] = useState<Answer>({ state: "idle" });
  const fieldId = useId();
  // The call matched a catalog endpoint when the runbook was parsed; minimumRole is that endpoint's access.
  const permission = can(role, { access: call.minimumRole });
  const allowed = permission.allowed;

  let body: unknown;
  let bodyError: string | null = null;
  if (bodyText.trim()) {
    try {
      body = JSON.parse(bodyText);
    } catch {
      bodyError = "The body is not valid JSON";
    }
  }
  const pathError = isOpsdeckPath(path) ? null : "The path must be an Opsdeck API path starting with /api/";
  const problem = pathError ?? bodyError;

  async function run() {
    setConfirming(false);
    setAnswer({ state: "running" });
    const started = performance.now();
    try {
      const response = await fetch(path, {
        method: call.method,
        headers: body === undefined ? undefined : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON (Prometheus text, an HTML error page): shown as it came.
      }
      setAnswer({ state: "answered", status: response.status, body: parsed, requestId: response.headers.get("x-request-id"), ms: Math.round(performance.now() - started) });
    } catch (error) {
      setAnswer({ state: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {allowed ? (
          <Button
            size="sm"
            variant={call.mutating ? "danger" : "primary"}
            disabled={answer.state === "running" || problem !== null}
            onClick={() => (call.mutating ? setConfirming(true) : void run())}
            aria-haspopup={call.mutating ? "dialog" : undefined}
          >
            {answer.state === "running" ? "Running…" : call.mutating ? "Run…" : "Run"}
          </Button>
        ) : (
          <Button size="sm" disabled aria-describedby={`${fieldId}-role`}>
            Run
          </Button>
        )}
        <span className="font-mono text-xs text-muted break-all">
          {call.method} {path}
        </span>
        {!allowed ? (
          <span id={`${fieldId}-role`} className="text-xs text-muted">
            {permission.reason} (you are {role}).
          </span>
        ) : null}
      </div>

      <details className="text-xs">
        <summary className="cursor-pointer text-muted">Edit the request</summary>
        <div className="mt-2 space-y-2">
          <label className="block" htmlFor={`${fieldId}-path`}>
            <span className="text-muted">Path and query</span>
            <input
              id={`${fieldId}-path`}
              className="mt-1 block w-full rounded-md border border-border bg-surface px-2 py-1 font-mono"
              value={path}
              onChange={(event) => onEdit({ ...edited, path: event.target.value })}
              spellCheck={false}
            />
          </label>
          {call.method !== "GET" ? (
            <label className="block" htmlFor={`${fieldId}-body`}>
              <span className="text-muted">JSON body</span>
              <textarea
                id={`${fieldId}-body`}
                className="mt-1 block w-full rounded-md border border-border bg-surface px-2 py-1 font-mono"
                rows={Math.min(8, Math.max(2, bodyText.split("\n").length))}
                value={bodyText}
                onChange={(event) => onEdit({ ...edited, bodyText: event.target.value })}
                spellCheck={false}
              />
            </label>
          ) : null}
          {problem ? <p className="text-red-700 dark:text-red-300">{problem}</p> : null}
        </div>
      </details>

      <ConfirmDialog
        open={confirming}
        tone="danger"
        title="Confirm the change"
        confirmLabel="Confirm and run"
        initialFocus="confirm"
        onConfirm={() => void run()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          This changes state: <span className="font-mono break-all">{call.method} {path}</span>
          {body === undefined ? null : (
            <>
              {" "}with <span className="font-mono break-all">{JSON.stringify(body)}</span>
            </>
          )}
          . It is audited under your name.
        </p>
      </ConfirmDialog>

      <div aria-live="polite">
        {answer.state === "failed" ? <p className="text-sm text-red-700 dark:text-red-300">The call did not complete: {answer.message}</p> : null}
        {answer.state === "answered" ? (
          <div className="space-y-2" data-testid="step-answer">
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
              <Badge tone={statusTone(answer.status)}>{answer.status}</Badge>
              <span>{answer.ms} ms</span>
              {answer.requestId ? <span className="font-mono">request {answer.requestId}</span> : null}
            </div>
            {answer.status === 401 || answer.status === 403 ? (
              <p className="text-sm">Opsdeck refused this call for your session; the answer says why.</p>
            ) : null}
            <JsonAnswer value={answer.body} highlight={call.highlight} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
