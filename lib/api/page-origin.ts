import { headers } from "next/headers";
import { getConfig } from "@/lib/config";

/** The public origin for links a page shows (AUTH_URL, else the Host the browser used). */
export async function pageOrigin(): Promise<string> {
  const configured = getConfig().AUTH_URL;
  if (configured) return new URL(configured).origin;
  const incoming = await headers();
  const host = incoming.get("x-forwarded-host") ?? incoming.get("host") ?? "localhost";
  const protocol = incoming.get("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}`;
}
