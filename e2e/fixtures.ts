import { readFileSync } from "node:fs";
import { test as base, type Browser, expect, type Page } from "@playwright/test";
import type { Role } from "@/lib/auth/roles";
import type { IDP_PEOPLE } from "@/scripts/test/oidc-provider";

/** API tokens per role, issued by scripts/test/e2e-server.ts for this run (of the SSO server with `server: "sso"`). */
export function tokenFor(role: Role, server: "dev" | "sso" = "dev"): string {
  const tokens = JSON.parse(readFileSync(server === "sso" ? ".data/e2e/sso-tokens.json" : ".data/e2e/tokens.json", "utf8")) as Record<Role, string>;
  return tokens[role];
}

/** The flag edge that runs beside the e2e server (scripts/test/e2e-server.ts). */
export function edgeUrl(): string {
  return (JSON.parse(readFileSync(".data/e2e/edge.json", "utf8")) as { url: string }).url;
}

/** A page that fails the test on any console error or uncaught exception. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors on the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Signs in on the SSO server's sign-in page through the test OpenID provider. */
export async function throughIdp(page: Page, login: keyof typeof IDP_PEOPLE) {
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await page.getByLabel("Login").fill(login);
  await page.getByRole("button", { name: "Sign in to the IdP" }).click();
}

/** A page in a fresh browser context, signed in with the development sign-in as `role`. Close its context when done. */
export async function signedInAs(browser: Browser, role: Role): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Name").fill(`E2E ${role}`);
  await page.getByLabel("Role").selectOption(role);
  await page.getByRole("button", { name: "Sign in (development)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Opsdeck" })).toBeVisible();
  return page;
}
