import Link from "next/link";
import { Button } from "@/components/ui/button";

/** The end of a GET filter form: apply the filters, or clear them by opening the bare page. */
export function FilterActions({ clearHref }: { clearHref: string }) {
  return (
    <div className="flex gap-2">
      <Button type="submit">Filter</Button>
      <Link href={clearHref} className="inline-flex h-10 items-center rounded-md px-3 text-sm text-muted hover:text-foreground">
        Clear
      </Link>
    </div>
  );
}
