"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { DEV_PROVIDER_ID, devSignInSchema, OIDC_PROVIDER_ID, signIn, signOut } from "@/lib/auth/next-auth";
import { safeReturnPath } from "@/lib/auth/return-path";

// Server actions: Next.js itself refuses them unless the Origin matches the host, so these forms need no extra CSRF token.

export async function signInWithIdp(formData: FormData): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeReturnPath(formData.get("callbackUrl")) });
}

export async function signInForDevelopment(formData: FormData): Promise<void> {
  const callbackUrl = safeReturnPath(formData.get("callbackUrl"));
  const parsed = devSignInSchema.safeParse({ name: formData.get("name"), role: formData.get("role") });
  if (!parsed.success) {
    redirect(`/signin?${new URLSearchParams({ callbackUrl, error: "DevSignIn" })}`);
  }
  try {
    await signIn(DEV_PROVIDER_ID, { ...parsed.data, redirectTo: callbackUrl });
  } catch (error) {
    // Success is a redirect thrown by Next.js; only Auth.js's own refusals are turned into a message.
    if (error instanceof AuthError) redirect(`/signin?${new URLSearchParams({ callbackUrl, error: error.type })}`);
    throw error;
  }
}

export async function signOutEverywhere(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
