/**
 * First-load JavaScript per page, as a browser receives it from a production server:
 * the JS bytes (decoded, and gzip-compressed as a compressing load balancer serves them) a cold visit to each area downloads.
 *
 *   BASE_URL=http://localhost:3000 npx tsx bench/web/first-load-js.ts
 *
 * Signs in through the development sign-in first (a server started with `npm start`).
 */
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { navItems } from "@/components/shell/nav-items";
import { devSessionState } from "./dev-session";

const baseUrl = process.env.BASE_URL ?? "http://localhost:3000";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const storageState = await devSessionState(browser, baseUrl);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

console.log("page".padEnd(14), "scripts".padStart(8), "JS decoded".padStart(12), "JS gzip".padStart(10), "load ms".padStart(8));
for (const item of navItems) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const scripts: Promise<Buffer>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(response.body().catch(() => Buffer.alloc(0)));
  });
  const started = performance.now();
  await page.goto(new URL(item.href, baseUrl).toString(), { waitUntil: "load" });
  const loadMs = performance.now() - started;
  const bodies = await Promise.all(scripts);
  const decoded = bodies.reduce((sum, body) => sum + body.byteLength, 0);
  const gzipped = bodies.reduce((sum, body) => sum + gzipSync(body).byteLength, 0);
  console.log(item.href.padEnd(14), String(bodies.length).padStart(8), kib(decoded).padStart(12), kib(gzipped).padStart(10), loadMs.toFixed(0).padStart(8));
  await context.close();
}
await browser.close();
