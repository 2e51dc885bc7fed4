import type { Metadata } from "next";
import { FlagDetail } from "@/components/flags/flag-detail";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Flag ${decodeURIComponent((await params).name)}` };
}

export default async function FlagPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <FlagDetail name={decodeURIComponent(name)} />;
}
