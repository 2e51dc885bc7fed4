import Image from "next/image";
import type { ReactNode } from "react";
import { DevLoginBanner } from "@/components/auth/dev-login-banner";
import { MAIN_CONTENT_ID } from "@/components/shell/skip-link";

/** The frame of the pages people see before they are in: sign-in and "no access". */
export function AuthPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <DevLoginBanner />
      <main id={MAIN_CONTENT_ID} className="flex flex-1 items-start justify-center px-4 py-12 sm:items-center">
        <div className="w-full max-w-sm rounded-lg border border-border bg-surface p-6 shadow-xs">
          <div className="mb-6 flex items-center gap-2">
            <Image src="/favicon.svg" alt="" width={28} height={28} className="size-7" />
            <span className="font-semibold tracking-tight">Opsdeck</span>
          </div>
          <h1 className="mb-4 text-xl font-semibold">{title}</h1>
          {children}
        </div>
      </main>
    </div>
  );
}
