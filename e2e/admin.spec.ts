import { expect, test } from "./fixtures";

// Signed in as the setup project's admin (development sign-in).
test.describe("the admin pages", () => {
  test("create a token (secret shown once), revoke it, and find both changes in the audit log", async ({ page }) => {
    const name = `e2e-token-${Date.now()}`;
    await page.goto("/tokens");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Role").selectOption("operator");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = (await page.getByTestId("new-token").textContent()) ?? "";
    expect(secret).toMatch(/^odk_/);

    // The secret works as a token (an operator's, so admin routes refuse it) and is never shown again.
    expect((await page.request.get("/api/health/pool-stats", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
    await page.getByRole("button", { name: "Done" }).click();
    await page.reload();
    await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);

    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await page.getByRole("button", { name: `Confirm revoking ${name}` }).click();
    await expect(page.getByRole("row", { name: new RegExp(name) }).getByText("revoked")).toBeVisible();
    expect((await page.request.get("/api/health/pool-stats", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);

    await page.goto("/audit?actor=E2E+Admin&targetType=api_token");
    await expect(page.getByLabel("Actor")).toHaveValue("E2E Admin");
    const rows = page.getByRole("row").filter({ hasText: "E2E Admin" });
    await expect(rows.filter({ hasText: "token.revoke" }).first()).toBeVisible();
    await expect(rows.filter({ hasText: "token.create" }).first()).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);
    await page.getByRole("link", { name: /^api_token / }).first().click();
    await expect(page).toHaveURL(/\/tokens$/);
  });

  test("lists the people who signed in", async ({ page }) => {
    await page.goto("/people");
    await expect(page.getByRole("row").filter({ hasText: "E2E Admin" })).toContainText("development sign-in");
  });
});
