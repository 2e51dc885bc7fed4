/**
 * Next.js calls register() once when a server process starts (the standalone server under
 * scripts/launcher.ts, and `npm run dev`): the place for work that runs beside the requests.
 */
export async function register(): Promise<void> {
  // Background work needs Node (database pools, timers); the proxy's edge runtime calls this too.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWork } = await import("@/lib/background");
  startBackgroundWork();
}
