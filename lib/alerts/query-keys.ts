/** Every TanStack Query key for alerts and SLOs comes from here. */
export const alertKeys = {
  all: ["alerts"] as const,
  rules: () => [...alertKeys.all, "rules"] as const,
  silences: () => [...alertKeys.all, "silences"] as const,
  slos: () => [...alertKeys.all, "slos"] as const,
};
