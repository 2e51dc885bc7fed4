import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { signInForDevelopment, signInWithIdp } from "@/lib/auth/actions";
import { safeReturnPath } from "@/lib/auth/return-path";
import { ROLES } from "@/lib/auth/roles";
import { devLoginEnabled, getConfig } from "@/lib/config";
import { inputClasses } from "@/components/ui/input-classes";

const ERROR_MESSAGES: Record<string, string> = {
  DevSignIn: "Enter a name and pick a role.",
  CredentialsSignin: "That sign-in was refused.",
  AccessDenied: "Your identity provider account has no access to Opsdeck.",
  Configuration: "Sign-in is misconfigured on the server; the logs say why.",
};


/** The ways in that this instance offers: the configured IdP, or the development sign-in. */
export function SignInForms({ callbackUrl, error }: { callbackUrl: unknown; error?: string }) {
  const config = getConfig();
  const returnTo = safeReturnPath(callbackUrl);
  return (
    <div className="flex flex-col gap-6">
      {error ? <ErrorState title="Not signed in" message={ERROR_MESSAGES[error] ?? "Sign-in failed; please try again."} /> : null}
      {returnTo !== "/" ? (
        <p className="text-sm text-muted">
          You will return to <code className="break-all">{returnTo}</code>.
        </p>
      ) : null}
      {config.OIDC_ISSUER ? (
        <form action={signInWithIdp}>
          <input type="hidden" name="callbackUrl" value={returnTo} />
          <Button type="submit" className="w-full">
            Sign in with single sign-on
          </Button>
        </form>
      ) : null}
      {devLoginEnabled(config) ? (
        <form action={signInForDevelopment} className="flex flex-col gap-4" aria-label="Development sign-in">
          <input type="hidden" name="callbackUrl" value={returnTo} />
          <label className="flex flex-col gap-1 text-sm font-medium">
            Name
            <input name="name" required maxLength={60} autoComplete="name" defaultValue="Developer" className={inputClasses} />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Role
            <select name="role" defaultValue="admin" className={inputClasses}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit">Sign in (development)</Button>
        </form>
      ) : null}
    </div>
  );
}
