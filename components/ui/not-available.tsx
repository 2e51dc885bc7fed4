import type { NavItem } from "@/components/shell/nav-items";
import { Card, CardContent } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";

/** The page of an area that has not been built: says so plainly instead of showing made-up data. */
export function NotAvailable({ area }: { area: NavItem }) {
  return (
    <>
      <PageHeader title={area.label} />
      <Card>
        <CardContent className="flex flex-col items-start gap-3">
          <Badge tone="neutral">Not available yet</Badge>
          <p className="text-sm">
            The {area.label} area is not available yet. When it is, this page will show {lowercaseFirst(area.description)}
          </p>
        </CardContent>
      </Card>
    </>
  );
}

function lowercaseFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
