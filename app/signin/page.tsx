import type { Metadata } from "next";
import { AuthPage } from "@/components/auth/auth-page";
import { SignInForms } from "@/components/auth/sign-in-forms";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { callbackUrl, error } = await searchParams;
  return (
    <AuthPage title="Sign in">
      <SignInForms callbackUrl={callbackUrl} error={typeof error === "string" ? error : undefined} />
    </AuthPage>
  );
}
