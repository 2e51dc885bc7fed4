/** Every TanStack Query key for flags comes from here, so invalidations cannot miss one. */
export const flagKeys = {
  all: ["flags"] as const,
  list: () => [...flagKeys.all, "list"] as const,
  detail: (name: string) => [...flagKeys.all, "detail", name] as const,
  history: (name: string) => [...flagKeys.all, "history", name] as const,
  status: (name: string, version: number, userId: string, env: string) => [...flagKeys.all, "status", name, version, userId, env] as const,
};
