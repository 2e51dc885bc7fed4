import type { Metadata } from "next";
import Link from "next/link";
import { AuthPage } from "@/components/auth/auth-page";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "No access" };

/** Where a person lands when the IdP knows them but none of their groups maps to an Opsdeck role. */
export default async function NoAccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { groups, email } = await searchParams;
  const groupList = typeof groups === "string" ? groups.split(" ").filter(Boolean) : [];
  return (
    <AuthPage title="No access to Opsdeck">
      <div className="flex flex-col gap-3 text-sm">
        <p>
          Your identity provider signed you in{typeof email === "string" ? <> as <strong className="break-all">{email}</strong></> : null}, but none of
          your groups gives a role in Opsdeck, so you were not signed in here.
        </p>
        <p>
          Groups your identity provider sent (claim <code>{getConfig().OIDC_ROLES_CLAIM}</code>):{" "}
          {groupList.length ? <span className="break-all">{groupList.join(", ")}</span> : <em>none</em>}.
        </p>
        <p className="text-muted">Ask an Opsdeck admin to add one of your groups to OIDC_ROLE_MAP, or to add you to a mapped group.</p>
        <Link href="/signin" className="font-medium text-accent underline">
          Back to sign-in
        </Link>
      </div>
    </AuthPage>
  );
}
