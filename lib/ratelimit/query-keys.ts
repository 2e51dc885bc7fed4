import type { ThreatWindow } from "@/lib/ratelimit/schemas";

/** TanStack Query keys of the rate-limit area, from one factory. */
export const rateLimitKeys = {
  all: ["ratelimit"] as const,
  user: (email: string) => [...rateLimitKeys.all, "user", email] as const,
  threats: (window: ThreatWindow) => [...rateLimitKeys.all, "threats", window] as const,
  config: () => [...rateLimitKeys.all, "config"] as const,
};
