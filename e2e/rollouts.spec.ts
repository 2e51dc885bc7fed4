import { expect, test, tokenFor } from "./fixtures";

// The pages call the API from the browser with an operator's token, as the other flag tests do.
test.beforeEach(async ({ page }) => {
  await page.setExtraHTTPHeaders({ Authorization: `Bearer ${tokenFor("admin")}` });
});

test.describe("a guarded rollout on the flag page", () => {
  test("shows the running plan, its guard chart and verdict; pauses and resumes with confirmation", async ({ page, request }) => {
    test.setTimeout(120_000);
    const flag = `e2e_rollout_${Date.now()}`;
    const headers = { Authorization: `Bearer ${tokenFor("admin")}` };
    expect((await request.post("/api/admin/feature-flags", { headers, data: { name: flag, enabled: false, rolloutPercentage: 0 } })).status()).toBe(201);
    const created = await request.post(`/api/admin/feature-flags/${flag}/rollout-plans`, {
      headers,
      data: { template: "demo-fast", service: "e2e-shop", stages: [{ percentage: 20, minDwellMinutes: 30, minSamplePerArm: 100 }, { percentage: 100, minDwellMinutes: 1, minSamplePerArm: 0 }] },
    });
    expect(created.status()).toBe(201);

    await page.goto(`/flags/${flag}`);
    const plan = page.getByTestId("rollout-plan");
    // The evaluator (a tick every 15 s) starts the plan, then judges it: too few requests yet.
    await expect(plan.getByRole("listitem").filter({ hasText: "20 %" })).toHaveAttribute("aria-current", "step", { timeout: 60_000 });
    await expect(page.getByTestId("rollout-verdict")).toContainText(/waiting: stage 1 \(20 %\) dwells until .* UTC/, { timeout: 60_000 });
    await expect(plan.getByText("Error rate", { exact: true })).toBeVisible();
    await expect(plan.getByText(/too few requests to judge yet/).first()).toBeVisible();
    await expect(page.getByTestId(/^guard-chart-/).first()).toBeVisible({ timeout: 60_000 });

    await plan.getByRole("button", { name: "Pause" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("The flag stays where it is");
    await dialog.getByRole("button", { name: "Confirm pause" }).click();
    await expect(plan).toContainText("Paused");
    await expect(page.getByTestId("rollout-verdict")).toContainText("paused by");

    await plan.getByRole("button", { name: "Resume" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("alertdialog").getByRole("button", { name: "Confirm resume" }).click();
    await expect(plan).toContainText("Running");

    // The Overview lists it among the active rollouts (its flag changes may be listed too).
    await page.goto("/");
    await expect(page.getByRole("region", { name: "Active rollouts" }).getByRole("link", { name: flag })).toBeVisible();
  });

  test("is usable at 375 px", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/flags/checkout_new_pricing");
    await expect(page.getByRole("heading", { name: "Guarded rollout" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
