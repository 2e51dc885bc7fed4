import type { Metadata } from "next";
import { navItem } from "@/components/shell/nav-items";
import { NotAvailable } from "@/components/ui/not-available";

const area = navItem("/pools");

export const metadata: Metadata = { title: area.label };

export default function PoolsPage() {
  return <NotAvailable area={area} />;
}
