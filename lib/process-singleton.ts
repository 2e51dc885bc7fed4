/**
 * State that must exist once per process even when its module is evaluated more than once:
 * Next.js's development server re-evaluates modules on every edit (a second Prisma pool, a
 * second Redis connection each time); Next.js compiles instrumentation.ts's background work
 * (lib/background.ts) apart from the route handlers, yet a flag the release-plan driver changes
 * must reach the routes' flag cache at once; and the production launcher (scripts/launcher.ts)
 * is bundled apart from Next's server code yet shares the shutdown hooks with it. Caches,
 * connections, subscriptions and the evaluators live here, keyed on globalThis by a registered
 * symbol; everything else is plain module state.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`opsdeck.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  // `undefined` means "not created"; a singleton may well be null (no Redis configured).
  if (store[key] === undefined) store[key] = create();
  return store[key] as T;
}

/** Forgets the instance (tests that switch configuration, graceful shutdown); returns it. */
export function dropProcessSingleton<T>(name: string): T | undefined {
  const key = Symbol.for(`opsdeck.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const current = store[key];
  store[key] = undefined;
  return current;
}

/** The instance when one exists, without creating it. */
export function existingProcessSingleton<T>(name: string): T | undefined {
  return (globalThis as unknown as Record<symbol, T | undefined>)[Symbol.for(`opsdeck.${name}`)];
}
