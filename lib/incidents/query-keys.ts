/** Every TanStack Query key for incidents comes from here, so invalidations cannot miss one. */
export const incidentKeys = {
  all: ["incidents"] as const,
  open: () => [...incidentKeys.all, "open"] as const,
  detail: (id: number) => [...incidentKeys.all, "detail", id] as const,
};
