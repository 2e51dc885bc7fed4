import type { Metadata } from "next";
import { Suspense } from "react";
import { FlagList } from "@/components/flags/flag-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Flags" };

export default function FlagsPage() {
  return (
    <>
      <PageHeader
        title="Flags"
        description="Every feature flag, its rollout and who changed it last. Select flags to roll them back to 0 % in one step."
      />
      <Suspense>
        <FlagList />
      </Suspense>
    </>
  );
}
