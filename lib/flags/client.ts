import type { Environment } from "@/lib/flags/evaluate";
import type { FeatureFlag, FlagHistoryEntry, FlagPatch } from "@/lib/flags/schemas";

/** Browser-side calls to the flag API. Fetchers pass TanStack Query's AbortSignal on. */
export class FlagApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    /** On 409: the flag as it is now. */
    public readonly currentFlag?: FeatureFlag,
  ) {
    super(message);
    this.name = "FlagApiError";
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { "Content-Type": "application/json", ...init.headers } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; details?: { flag?: FeatureFlag } } } | null;
  if (!response.ok) {
    throw new FlagApiError(response.status, body?.error?.message ?? `Request failed (${response.status})`, body?.error?.details?.flag);
  }
  return body as T;
}

const flagPath = (name: string) => `/api/admin/feature-flags/${encodeURIComponent(name)}`;

export const fetchFlags = (signal?: AbortSignal) =>
  request<{ features: Record<string, FeatureFlag> }>("/api/admin/feature-flags", { signal }).then((body) => Object.values(body.features));

export const fetchFlag = (name: string, signal?: AbortSignal) => request<FeatureFlag>(flagPath(name), { signal });

export const fetchHistory = (name: string, signal?: AbortSignal) =>
  request<{ entries: FlagHistoryEntry[] }>(`${flagPath(name)}/history`, { signal }).then((body) => body.entries);

export const fetchStatus = (name: string, userId: string, env: Environment | "", signal?: AbortSignal) => {
  const query = new URLSearchParams({ userId });
  if (env) query.set("env", env);
  return request<{ enabled: boolean; reason: string }>(`${flagPath(name)}/status?${query}`, { signal });
};

export const patchFlag = (name: string, patch: FlagPatch, version: number) =>
  request<{ flag: FeatureFlag }>(flagPath(name), { method: "POST", body: JSON.stringify({ ...patch, version }) }).then((body) => body.flag);

export const rollbackFlags = (flags: string[], reason?: string) =>
  request<{ flags: FeatureFlag[] }>("/api/admin/emergency-rollback", { method: "POST", body: JSON.stringify({ flags, reason }) }).then(
    (body) => body.flags,
  );
