import { devLoginEnabled, getConfig } from "@/lib/config";

/**
 * Shown on every page while the development sign-in is on: anyone can pick any role, so nobody
 * should mistake this instance for a protected one.
 */
export function DevLoginBanner() {
  if (!devLoginEnabled(getConfig())) return null;
  return (
    <div role="note" className="bg-amber-400 px-4 py-1.5 text-center text-sm font-semibold text-amber-950">
      Development sign-in is on: anyone can sign in with any role. Set OIDC_ISSUER to use your identity provider.
    </div>
  );
}
