import type { IconName } from "@/components/ui/icon";
import { can } from "@/lib/api/access";
import type { Endpoint } from "@/lib/api/endpoint";
import { auditEndpoints } from "@/lib/audit/endpoints";
import { tokenEndpoints } from "@/lib/auth/endpoints";
import type { Role } from "@/lib/auth/roles";
import { peopleEndpoints } from "@/lib/people/endpoints";

export interface NavItem {
  href: string;
  label: string;
  /** One line: what the area is for. Shown on the overview and on the area's placeholder. */
  description: string;
  icon: IconName;
  /** The endpoint the area's page reads: shown only to whom `can()` allows it (the page itself checks the same). */
  endpoint?: Pick<Endpoint, "access">;
}

/** Every area of the console, in sidebar order. The header, the sidebar and the overview all read this list. */
export const navItems = [
  { href: "/", label: "Overview", description: "A map of the console.", icon: "overview" },
  { href: "/flags", label: "Flags", description: "Feature flags, their targeting rules and gradual rollouts.", icon: "flag" },
  { href: "/metrics", label: "Metrics", description: "Charts of request rates, latencies and error rates over time.", icon: "metrics" },
  { href: "/traces", label: "Traces", description: "Distributed traces: look a request up by trace id and follow its spans.", icon: "traces" },
  { href: "/pools", label: "Pools", description: "Connection pool usage of the services Opsdeck watches.", icon: "pools" },
  { href: "/ratelimit", label: "Rate limits", description: "Login lockouts, attack patterns, and the limits on Opsdeck's API.", icon: "ratelimit" },
  { href: "/runbooks", label: "Runbooks", description: "Step-by-step procedures for known operational situations.", icon: "runbooks" },
  { href: "/incidents", label: "Incidents", description: "Open and past incidents with their timelines.", icon: "incidents" },
  { href: "/alerts", label: "Alerts", description: "Alert rules evaluated by Opsdeck: state, values, history; silences.", icon: "alerts" },
  { href: "/slos", label: "SLOs", description: "Service level objectives: error budgets, burn rates and what spent them.", icon: "slo" },
  { href: "/dependencies", label: "Dependencies", description: "PostgreSQL, Redis, InfluxDB and the identity provider: status, latency, circuit breakers.", icon: "health" },
  { href: "/api/docs", label: "API docs", description: "Interactive reference for the Opsdeck HTTP API.", icon: "api" },
  { href: "/audit", label: "Audit", description: "Every change made in Opsdeck: who, what, before and after.", icon: "audit", endpoint: auditEndpoints.list },
  { href: "/people", label: "People", description: "Who has signed in, with their role and when they were last seen.", icon: "people", endpoint: peopleEndpoints.list },
  { href: "/tokens", label: "Tokens", description: "API tokens for scripts and services: create, revoke, see last use.", icon: "token", endpoint: tokenEndpoints.list },
] as const satisfies readonly NavItem[];

/** The areas a role may open, in sidebar order. */
export function navItemsFor(role: Role): readonly NavItem[] {
  return navItems.filter((item: NavItem) => !item.endpoint || can(role, item.endpoint).allowed);
}

export type NavHref = (typeof navItems)[number]["href"];

/** The entry for one area; typed so a misspelt href fails to compile. */
export function navItem(href: NavHref): NavItem {
  const item = navItems.find((candidate) => candidate.href === href);
  if (!item) throw new Error(`No navigation entry for ${href}`);
  return item;
}

/** Whether `href` is the current area; sub-pages (/flags/checkout) keep their area highlighted. */
export function isActiveHref(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
