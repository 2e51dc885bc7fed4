/**
 * Where an audit entry's target can be seen. Known types open their own page; anything else
 * (a type another area adds later) opens the audit history of that one target.
 */
const TARGET_PAGES: Record<string, (id: string) => string> = {
  api_token: () => "/tokens",
  person: () => "/people",
  feature_flag: (id) => `/flags/${encodeURIComponent(id)}`,
  flag_cache: () => "/flags",
  incident: (id) => `/incidents/${encodeURIComponent(id)}`,
  runbook: (id) => `/runbooks/${encodeURIComponent(id)}`,
  rate_limit_config: () => "/ratelimit",
  login_email: (id) => `/ratelimit?${new URLSearchParams({ email: id })}`,
};

export function auditTargetHref(target: { type: string; id: string }): string {
  const page = TARGET_PAGES[target.type];
  if (page) return page(target.id);
  return `/audit?${new URLSearchParams({ targetType: target.type, targetId: target.id })}`;
}
