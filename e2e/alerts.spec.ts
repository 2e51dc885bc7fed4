import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";

test.describe("the Alerts page", () => {
  test("lists the seeds' rules with their state and creates a silence from the page by keyboard", async ({ page }) => {
    await page.goto("/alerts");
    await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
    const rules = page.getByRole("region", { name: "Alert rules" });
    await expect(rules.getByRole("link", { name: "ErrorRateCritical" })).toBeVisible();
    await expect(page.getByText("Evaluated every 30 s. Times in UTC.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Unavailable rules" }).getByText("Job queue depth")).toBeVisible();

    const why = `deploy ${randomUUID().slice(0, 8)}`;
    await page.getByLabel("Equals").fill("ErrorRateWarning");
    await page.getByLabel("Why").fill(why);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status")).toContainText(/Silence #\d+ active until .* UTC/);
    const silences = page.getByRole("region", { name: "Silences" });
    await expect(silences.getByText(why)).toBeVisible();
    await expect(silences.getByText('alertname="ErrorRateWarning"').first()).toBeVisible();
  });

  test("opens a rule's history as a deep link", async ({ page }) => {
    await page.goto("/alerts");
    await page.getByRole("region", { name: "Alert rules" }).getByRole("link", { name: "CacheHitRateLow" }).click();
    await expect(page).toHaveURL(/\/alerts\?rule=\d+/);
    await expect(page.getByRole("heading", { name: "Transitions" })).toBeVisible();
  });
});

test.describe("the SLOs page", () => {
  test("lists the default SLOs and shows one's burn-down and burn-rate panels", async ({ page }) => {
    await page.goto("/slos");
    await page.getByRole("link", { name: "API requests without errors" }).click();
    await expect(page.getByRole("heading", { name: "API requests without errors", level: 1 })).toBeVisible();
    await expect(page.getByText(/Budget burn-down/)).toBeVisible();
    await expect(page.getByText("page: 14.4× over 1h and 5m")).toBeVisible();
    await expect(page.getByText("ticket: 1× over 3d and 6h")).toBeVisible();
  });

  test("fits a 375 px screen @phone", async ({ page }) => {
    for (const path of ["/alerts", "/slos"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});
