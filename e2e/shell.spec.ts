import { navItems } from "@/components/shell/nav-items";
import { expect, test } from "./fixtures";

// Every test here runs signed in as an admin (the setup project's storageState), so every area shows.

test.describe("the app shell", () => {
  for (const item of navItems) {
    test(`opens ${item.label} (${item.href}) as a deep link without console errors`, async ({ page }) => {
      const response = await page.goto(item.href);
      expect(response?.status()).toBeLessThan(400);
      await expect(page.locator("h1").first()).toBeVisible();
    });
  }

  test("navigates every area from the sidebar and marks the current one", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: /main|primary/i }).first();
    await nav.getByRole("link", { name: "Dependencies" }).click();
    await expect(page).toHaveURL(/\/dependencies$/);
    await expect(nav.getByRole("link", { name: "Dependencies" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByText(/database/i).first()).toBeVisible();
  });

  test("switches between light and dark themes, and keeps the choice", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/");
    const isDark = async () => ((await page.locator("html").getAttribute("class")) ?? "").includes("dark");
    expect(await isDark()).toBe(false);
    const toggle = page.getByRole("button", { name: /theme/i }).first();
    // The toggle cycles system → light → dark.
    for (let click = 0; click < 3 && !(await isDark()); click++) await toggle.click();
    expect(await isDark()).toBe(true);
    await page.reload();
    await expect.poll(isDark).toBe(true);
  });

  test("takes the README screenshot of the Health page", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/dependencies");
    await expect(page.getByText(/database/i).first()).toBeVisible();
    await page.screenshot({ path: "public/readme/screenshot.png" });
  });
});

test.describe("on a phone @phone", () => {
  for (const item of navItems) {
    test(`${item.label} fits 375 px without horizontal scrolling`, async ({ page }) => {
      await page.goto(item.href);
      await expect(page.locator("h1").first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  test("opens the menu from the hamburger and reaches an area by keyboard", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: /menu/i }).click();
    const link = page.getByRole("link", { name: "Dependencies" }).last();
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dependencies$/);
  });
});
