import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/ui/cn";

const BORDER = { danger: "border-red-300 dark:border-red-900", warn: "border-amber-300 dark:border-amber-900", neutral: "" } as const;

/** One Overview card: a titled list, its border saying how bad it is, and a link to the rest when the list was cut. */
export function OverviewListCard({ title, listLabel, tone, more, children }: { title: string; listLabel: string; tone: keyof typeof BORDER; more?: { href: string; label: string } | null; children: ReactNode }) {
  return (
    <Card className={cn("mb-6", BORDER[tone])}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-2 text-sm" aria-label={listLabel}>
          {children}
        </ul>
        {more ? (
          <Link className="mt-2 inline-block text-sm text-accent underline" href={more.href}>
            {more.label}
          </Link>
        ) : null}
      </CardContent>
    </Card>
  );
}
