import type { Browser, BrowserContextOptions } from "@playwright/test";

type StorageState = Exclude<BrowserContextOptions["storageState"], string | undefined>;

/**
 * Signs in through the development sign-in that `npm start` offers and returns the browser state
 * holding the session, so a bench can open pages as an admin. Pages need a person's session (API
 * tokens only open the API), and a server with an OpenID issuer has no development sign-in.
 */
export async function devSessionState(browser: Browser, baseUrl: string): Promise<StorageState> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL("/signin", baseUrl).toString());
  await page.getByLabel("Name").fill("Bench Admin");
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Sign in (development)" }).click();
  await page.waitForURL((url) => url.pathname !== "/signin");
  const state = await context.storageState();
  await context.close();
  return state;
}
