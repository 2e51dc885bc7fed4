import { expect, test } from "./fixtures";

// Signs in once with the development sign-in and keeps the cookies for the desktop and phone projects.
test("sign in as an admin with the development sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
  await expect(page.getByText(/Development sign-in is on/)).toBeVisible();
  await page.getByLabel("Name").fill("E2E Admin");
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Sign in (development)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Opsdeck" })).toBeVisible();
  await page.context().storageState({ path: ".data/e2e/admin-state.json" });
});
