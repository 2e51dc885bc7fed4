/**
 * Where an audit entry's target can be seen. Known types open their own page; anything else
 * (a type another area adds later) opens the audit history of that one target.
 */
const TARGET_PAGES: Record<string, (id: string) => string> = {
  api_token: () => "/tokens",
  person: () => "/people",
  feature_flag: (id) => `/flags/${encodeURIComponent(id)}`,
  incident: (id) => `/incidents/${encodeURIComponent(id)}`,
  runbook: (id) => `/runbooks/${encodeURIComponent(id)}`,
};

export function auditTargetHref(target: { type: string; id: string }): string {
  const page = TARGET_PAGES[target.type];
  if (page) return page(target.id);
  return `/audit?${new URLSearchParams({ targetType: target.type, targetId: target.id })}`;
}
