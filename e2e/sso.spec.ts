import type { Page } from "@playwright/test";
import { navItem } from "@/components/shell/nav-items";
import { expect, test, throughIdp } from "./fixtures";

// Runs against the Opsdeck started with a real OpenID provider as its issuer (project "sso").

async function openAccountMenu(page: Page) {
  await page.locator("#header-actions summary").click();
}

test.describe("single sign-on with an OpenID provider", () => {
  test("a deep link opened signed out lands on exactly that URL after the IdP, as an admin", async ({ page }) => {
    const started = Date.now();
    await page.goto("/dependencies?tab=deps");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdependencies%3Ftab%3Ddeps$/);
    await expect(page.getByText(/Development sign-in/)).toHaveCount(0);
    await throughIdp(page, "alice");
    await expect(page.getByRole("heading", { level: 1, name: navItem("/dependencies").label })).toBeVisible();
    const elapsed = Date.now() - started;
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/dependencies?tab=deps");
    test.info().annotations.push({ type: "deep-link sign-in ms", description: String(elapsed) });
    console.log(`deep link signed out → IdP → page rendered: ${elapsed} ms`);

    // Alice's groups (ops-admins, staff) map to admin: the admin areas show and open.
    await openAccountMenu(page);
    await expect(page.getByText("Alice Admin").first()).toBeVisible();
    await expect(page.locator("#header-actions").getByText("admin", { exact: true })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" }).first();
    await nav.getByRole("link", { name: "People" }).click();
    await expect(page.getByRole("cell", { name: /alice@example\.test/ })).toBeVisible();
    await expect(page.getByRole("cell", { name: "ops-admins, staff" })).toBeVisible();
  });

  test("maps another group to operator, without the admin areas", async ({ page }) => {
    await page.goto("/tokens");
    await throughIdp(page, "bob");
    await expect(page).toHaveURL(/\/tokens$/);
    await expect(page.getByText("This page: needs the admin role")).toBeVisible();
    await openAccountMenu(page);
    await expect(page.locator("#header-actions").getByText("operator", { exact: true })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" }).first();
    await expect(nav.getByRole("link", { name: navItem("/dependencies").label })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Tokens" })).toHaveCount(0);
    // And the API agrees with the page: the session cookie is not enough for an admin route.
    expect((await page.request.get("/api/admin/tokens")).status()).toBe(403);
    expect((await page.request.get("/api/health/pool-stats")).status()).toBe(200);
  });

  test("tells a person whose groups map to no role why they have no access", async ({ page }) => {
    await page.goto("/");
    await throughIdp(page, "carol");
    await expect(page).toHaveURL(/\/no-access/);
    await expect(page.getByRole("heading", { name: "No access to Opsdeck" })).toBeVisible();
    await expect(page.getByText("marketing")).toBeVisible();
    await page.goto("/dependencies");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("signs out: pages and the API treat the browser as signed out again", async ({ page }) => {
    const started = Date.now();
    await page.goto("/incidents?tab=timeline");
    await throughIdp(page, "bob");
    await expect(page).toHaveURL(/\/incidents\?tab=timeline$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // The first test's figure includes the servers' first requests; this one is warm.
    console.log(`deep link signed out → IdP → page rendered (warm): ${Date.now() - started} ms`);
    const cookieBeforeSignOut = (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
    expect((await page.request.get("/api/health/pool-stats", { headers: { cookie: cookieBeforeSignOut } })).status()).toBe(200);
    await openAccountMenu(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin$/);
    expect((await page.request.get("/api/health/pool-stats")).status()).toBe(401);
    // The server ended the session: the cookie as it was before signing out is refused too.
    expect((await page.request.get("/api/health/pool-stats", { headers: { cookie: cookieBeforeSignOut } })).status()).toBe(401);
    await page.goto("/dependencies");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdependencies$/);
  });
});
